-- Version 9: what happened to a pupil's file, by whom and when (validations, departures and
-- their undoing, documents received at the office), and what the office received by hand.
-- historique is also created by the staff-area import branch (same columns): IF NOT EXISTS.
CREATE TABLE IF NOT EXISTS historique (id INTEGER PRIMARY KEY, uai TEXT NOT NULL, eleve_id INTEGER NOT NULL, quand TEXT NOT NULL, qui TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS historique_eleve ON historique(uai, eleve_id, quand);

-- A document the family brought to the office (« pièce reçue au secrétariat »), per pupil.
CREATE TABLE pieces_recues (
    eleve_id  INTEGER NOT NULL REFERENCES eleves (id) ON DELETE CASCADE,
    uai       TEXT NOT NULL,
    document  TEXT NOT NULL,                 -- code of the expected document (content)
    qui       TEXT NOT NULL,                 -- the staff address that ticked it
    le        TEXT NOT NULL,
    PRIMARY KEY (eleve_id, document)
) STRICT;

-- The state a file was in when staff marked the pupil as leaving, so that it can be undone
-- (NULL: not marked by staff — a pupil the import found leaving has no file to go back to).
ALTER TABLE eleves ADD COLUMN etat_avant_sortie TEXT;
