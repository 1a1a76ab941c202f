-- Version 8: the pupil's history, one place for everything done to a pupil's file or code
-- (who, when, what): validation and sortant (copied from personnel_actions, which keeps its
-- rows), codes reissued, letters printed, imports. Never a code in clear.
CREATE TABLE historique (
    id        INTEGER PRIMARY KEY,
    uai       TEXT NOT NULL,
    eleve_id  INTEGER NOT NULL REFERENCES eleves (id) ON DELETE CASCADE,
    quand     TEXT NOT NULL,                 -- UTC timestamp
    qui       TEXT NOT NULL,                 -- the staff address, or « ligne de commande »
    action    TEXT NOT NULL,                 -- see store::historique::Action
    detail    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX historique_eleve ON historique (eleve_id, id);
CREATE INDEX historique_uai ON historique (uai);

INSERT INTO historique (uai, eleve_id, quand, qui, action, detail)
    SELECT uai, eleve_id, le, courriel, action, '' FROM personnel_actions ORDER BY id;
