-- Version 5: siblings in one session. A family logged in with one child's code adds
-- that child's brothers and sisters (pupils sharing a guardian) by giving their birth date;
-- sessions.eleve_id is the child whose file is open, this table every child of the session.
CREATE TABLE session_eleves (
    token_hash  TEXT NOT NULL REFERENCES sessions (token_hash) ON DELETE CASCADE,
    eleve_id    BIGINT NOT NULL REFERENCES eleves (id) ON DELETE CASCADE,
    par_code    BIGINT NOT NULL DEFAULT 0,     -- 1: the child whose access code opened the session
    ajoute_le   TEXT NOT NULL,
    PRIMARY KEY (token_hash, eleve_id)
);
CREATE INDEX session_eleves_eleve ON session_eleves (eleve_id);
