-- Version 17: the checks on a state written as comparisons. SQLite tests `x IN ('a','b','c')`
-- (three constants or more) by building a temporary B-tree, on every row written: one per
-- submission for its confirmation email, one per document received. The same rules, the same
-- columns in the same order; the tables are rebuilt because SQLite cannot change a CHECK.
CREATE TABLE outbox_v17 (
    id              INTEGER PRIMARY KEY,
    eleve_id        INTEGER REFERENCES eleves (id) ON DELETE SET NULL,
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
INSERT INTO outbox_v17 SELECT * FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v17 RENAME TO outbox;
CREATE INDEX outbox_a_envoyer ON outbox (etat, prochain_essai);
CREATE INDEX outbox_eleve_genre ON outbox (eleve_id, genre, cree_le);
CREATE INDEX outbox_soumission ON outbox (soumission_id);

CREATE TABLE pieces_v17 (
    id             INTEGER PRIMARY KEY,
    eleve_id       INTEGER NOT NULL REFERENCES eleves (id) ON DELETE CASCADE,
    uai            TEXT NOT NULL,
    document       TEXT NOT NULL,                -- code of the expected document (content)
    nom_original   TEXT NOT NULL,                -- sanitized: no path, no control character, 120 chars at most
    fichier        TEXT NOT NULL UNIQUE,         -- random name in the spool folder
    type_mime      TEXT NOT NULL
                   CHECK (type_mime = 'application/pdf' OR type_mime = 'image/jpeg' OR type_mime = 'image/png'),
    taille         INTEGER NOT NULL,             -- bytes
    sha256         TEXT NOT NULL,                -- hex, computed while the file streamed in
    etat           TEXT NOT NULL
                   CHECK (etat = 'accepte' OR etat = 'analyse_en_attente' OR etat = 'refuse'),
    soumission_id  INTEGER REFERENCES soumissions (id) ON DELETE SET NULL,
    recu_le        TEXT NOT NULL,
    analyse_le     TEXT                          -- last antivirus verdict or attempt
) STRICT;
INSERT INTO pieces_v17 SELECT * FROM pieces;
DROP TABLE pieces;
ALTER TABLE pieces_v17 RENAME TO pieces;
CREATE INDEX pieces_eleve ON pieces (eleve_id, document);
CREATE INDEX pieces_en_attente ON pieces (etat) WHERE etat = 'analyse_en_attente';
CREATE INDEX pieces_orphelines ON pieces (recu_le) WHERE soumission_id IS NULL;
