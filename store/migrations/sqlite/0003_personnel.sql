-- Version 3: the staff area (login links, staff sessions, reminders, what staff did).

-- One-time login links emailed to staff: only the token's hash is kept; a link works once.
CREATE TABLE personnel_liens (
    token_hash  TEXT PRIMARY KEY,
    uai         TEXT NOT NULL,
    courriel    TEXT NOT NULL,               -- the staff address, as declared in the content
    cree_le     TEXT NOT NULL,
    expire_le   TEXT NOT NULL,
    utilise_le  TEXT                         -- set when the link opened a session
) STRICT;

-- Every link request, known address or not (rate limits): hashes only.
CREATE TABLE personnel_demandes (
    id             INTEGER PRIMARY KEY,
    uai            TEXT NOT NULL,
    courriel_hash  TEXT NOT NULL,
    adresse_hash   TEXT NOT NULL,
    le             TEXT NOT NULL
) STRICT;
CREATE INDEX personnel_demandes_courriel ON personnel_demandes (courriel_hash, le);
CREATE INDEX personnel_demandes_adresse ON personnel_demandes (adresse_hash, le);

-- Staff sessions: the cookie's token hash, the one school it gives access to.
CREATE TABLE personnel_sessions (
    token_hash  TEXT PRIMARY KEY,
    uai         TEXT NOT NULL,
    courriel    TEXT NOT NULL,
    cree_le     TEXT NOT NULL,
    expire_le   TEXT NOT NULL
) STRICT;

-- Reminders sent to families: at most one per pupil per day.
CREATE TABLE relances (
    id        INTEGER PRIMARY KEY,
    eleve_id  INTEGER NOT NULL REFERENCES eleves (id) ON DELETE CASCADE,
    uai       TEXT NOT NULL,
    jour      TEXT NOT NULL,                 -- YYYY-MM-DD, Paris
    etat      TEXT NOT NULL,                 -- the state the reminder targeted
    le        TEXT NOT NULL,
    UNIQUE (eleve_id, jour)
) STRICT;

-- What staff did to a file (validation, sortant), by whom: the school's audit trail.
CREATE TABLE personnel_actions (
    id        INTEGER PRIMARY KEY,
    eleve_id  INTEGER NOT NULL REFERENCES eleves (id) ON DELETE CASCADE,
    uai       TEXT NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('valide','sortant')),
    courriel  TEXT NOT NULL,
    le        TEXT NOT NULL
) STRICT;
CREATE INDEX personnel_actions_eleve ON personnel_actions (eleve_id);
