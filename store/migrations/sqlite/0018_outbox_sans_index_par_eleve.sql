-- Version 18: the outbox without an index by pupil. Each confirmation queued wrote a leaf of
-- `outbox_eleve_genre` (eleve_id, genre, cree_le) chosen by its pupil: under submissions, 29 %
-- of the pages each commit wrote to the WAL. Its one reader, the day's count of a pupil's
-- confirmations, now goes through the pupil's submissions (each confirmation names its own).
-- Without that index, `eleve_id` no longer references `eleves`: deleting a pupil would read
-- the whole outbox to find its emails. Pupils are deleted only with their school's data, whose
-- emails go first (store::retention). The same columns in the same order, the same rules.
CREATE TABLE outbox_v18 (
    id              INTEGER PRIMARY KEY,
    eleve_id        INTEGER,                     -- the pupil written about (no reference: see above)
    uai             TEXT NOT NULL,
    genre           TEXT NOT NULL,               -- confirmation, validation, relance…
    destinataires   TEXT NOT NULL,               -- JSON array of addresses
    repondre_a      TEXT,
    sujet           TEXT NOT NULL,
    texte           TEXT NOT NULL,
    html            TEXT,
    message_id      TEXT NOT NULL UNIQUE,        -- fixed at enqueue: a resent message is recognizably the same
    etat            TEXT NOT NULL DEFAULT 'a_envoyer'
                    CHECK (etat = 'a_envoyer' OR etat = 'envoye' OR etat = 'refuse'),
    tentatives      INTEGER NOT NULL DEFAULT 0,
    prochain_essai  TEXT NOT NULL,
    derniere_erreur TEXT,
    cree_le         TEXT NOT NULL,
    envoye_le       TEXT,
    expediteur      TEXT NOT NULL DEFAULT '',
    soumission_id   INTEGER REFERENCES soumissions (id) ON DELETE SET NULL,
    a_rendre        TEXT
) STRICT;
INSERT INTO outbox_v18 SELECT * FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v18 RENAME TO outbox;
CREATE INDEX outbox_a_envoyer ON outbox (etat, prochain_essai);
CREATE INDEX outbox_soumission ON outbox (soumission_id);
