-- Version 16: sessions stored by their key. Every family request looks its session up by the
-- token's hash, and after each commit (WAL) each reader reads those pages again: in a rowid
-- table that is two B-trees (the key's index, then the row), WITHOUT ROWID one. Same for a
-- session's children (its key leads with the token's hash).
-- The children are copied aside first: dropping `sessions` deletes its rows, which would
-- cascade into a `session_eleves` referencing it.
CREATE TABLE sessions_v16 (
    token_hash  TEXT PRIMARY KEY,
    eleve_id    INTEGER NOT NULL REFERENCES eleves (id) ON DELETE CASCADE,
    cree_le     TEXT NOT NULL,
    expire_le   TEXT NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO sessions_v16 (token_hash, eleve_id, cree_le, expire_le)
    SELECT token_hash, eleve_id, cree_le, expire_le FROM sessions;
CREATE TEMP TABLE session_eleves_v16 AS SELECT token_hash, eleve_id, par_code, ajoute_le FROM session_eleves;
DROP TABLE session_eleves;
DROP TABLE sessions;
ALTER TABLE sessions_v16 RENAME TO sessions;
CREATE TABLE session_eleves (
    token_hash  TEXT NOT NULL REFERENCES sessions (token_hash) ON DELETE CASCADE,
    eleve_id    INTEGER NOT NULL REFERENCES eleves (id) ON DELETE CASCADE,
    par_code    INTEGER NOT NULL DEFAULT 0,     -- 1: the child whose access code opened the session
    ajoute_le   TEXT NOT NULL,
    PRIMARY KEY (token_hash, eleve_id)
) STRICT, WITHOUT ROWID;
INSERT INTO session_eleves (token_hash, eleve_id, par_code, ajoute_le)
    SELECT token_hash, eleve_id, par_code, ajoute_le FROM temp.session_eleves_v16;
DROP TABLE temp.session_eleves_v16;
CREATE INDEX session_eleves_eleve ON session_eleves (eleve_id);
