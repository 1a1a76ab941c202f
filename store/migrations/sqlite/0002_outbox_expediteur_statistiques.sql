-- Version 2 (mailer and retention).

-- The From of each email, fixed at enqueue like the rest of the message.
ALTER TABLE outbox ADD COLUMN expediteur TEXT NOT NULL DEFAULT '';

-- What is left of a campaign after `dossiersco purge`: counts only, never a person.
CREATE TABLE statistiques_archivees (
    id               INTEGER PRIMARY KEY,
    uai              TEXT NOT NULL,
    cloture          TEXT NOT NULL,              -- YYYY-MM-DD: the campaign's last day
    archive_le       TEXT NOT NULL,
    eleves           INTEGER NOT NULL,
    non_connecte     INTEGER NOT NULL,
    connecte         INTEGER NOT NULL,
    brouillon        INTEGER NOT NULL,
    transmis         INTEGER NOT NULL,
    valide           INTEGER NOT NULL,
    sortant          INTEGER NOT NULL,
    soumissions      INTEGER NOT NULL,
    notes            TEXT NOT NULL,              -- JSON [n1, n2, n3, n4, n5]: ratings histogram
    commentaires     INTEGER NOT NULL,           -- how many ratings had a comment (the text is deleted)
    courriels_envoyes INTEGER NOT NULL,
    courriels_refuses INTEGER NOT NULL,
    UNIQUE (uai, cloture)
) STRICT;
