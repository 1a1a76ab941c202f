-- dossiersco database, version 1. Owned by worker/src/store: nothing else writes SQL.
-- Dates are ISO-8601 text (UTC for timestamps: YYYY-MM-DDTHH:MM:SSZ; YYYY-MM-DD for days).

-- Secrets of this database (the key that hashes access codes and session tokens).
CREATE TABLE meta (
    cle    TEXT PRIMARY KEY,
    valeur TEXT NOT NULL
) STRICT;

-- One row per pupil imported from SIECLE.
CREATE TABLE eleves (
    id                 INTEGER PRIMARY KEY,
    uai                TEXT NOT NULL,
    eleve_id_siecle    TEXT NOT NULL,            -- ELEVE_ID: stable key across re-imports
    ine                TEXT,                     -- ID_NATIONAL, may be missing
    nom                TEXT NOT NULL,
    prenom             TEXT NOT NULL,
    date_naissance     TEXT NOT NULL,            -- YYYY-MM-DD: second factor of the login
    division           TEXT,                     -- current class (CODE_STRUCTURE of type D)
    mef_actuel         TEXT,
    mef_destination    TEXT,                     -- next year's level; NULL when leaving
    options_actuelles  TEXT NOT NULL DEFAULT '[]',  -- JSON array of option codes held this year
    prefill            TEXT NOT NULL,            -- JSON FormValues built from the import
    etat               TEXT NOT NULL DEFAULT 'non_connecte'
                       CHECK (etat IN ('non_connecte','connecte','brouillon','transmis','valide','sortant')),
    code_hash          TEXT NOT NULL UNIQUE,     -- keyed hash of the access code; the code itself is never stored
    importe_le         TEXT NOT NULL,
    modifie_le         TEXT NOT NULL,            -- last change of state or content
    premiere_connexion TEXT,
    derniere_connexion TEXT,
    UNIQUE (uai, eleve_id_siecle)
) STRICT;
CREATE INDEX eleves_uai_etat ON eleves (uai, etat);

-- Guardians (PERSONNE of ResponsablesAvecAdresses). One person may be linked to siblings.
CREATE TABLE responsables (
    id                  INTEGER PRIMARY KEY,
    uai                 TEXT NOT NULL,
    personne_id_siecle  TEXT NOT NULL,
    civilite            TEXT,
    nom                 TEXT NOT NULL,
    prenom              TEXT NOT NULL,
    adresse             TEXT NOT NULL DEFAULT '',
    adresse2            TEXT NOT NULL DEFAULT '',
    code_postal         TEXT NOT NULL DEFAULT '',
    commune             TEXT NOT NULL DEFAULT '',
    pays                TEXT NOT NULL DEFAULT '',
    tel_portable        TEXT,
    tel_domicile        TEXT,
    tel_travail         TEXT,
    email               TEXT,
    UNIQUE (uai, personne_id_siecle)
) STRICT;

CREATE TABLE eleve_responsables (
    eleve_id               INTEGER NOT NULL REFERENCES eleves (id) ON DELETE CASCADE,
    responsable_id         INTEGER NOT NULL REFERENCES responsables (id) ON DELETE CASCADE,
    rang                   INTEGER NOT NULL,     -- 1 or 2: order in the form
    lien_parente           TEXT,                 -- SIECLE CODE_PARENTE
    paie_frais             INTEGER NOT NULL DEFAULT 0,
    niveau_responsabilite  TEXT,
    PRIMARY KEY (eleve_id, responsable_id)
) STRICT;
CREATE INDEX eleve_responsables_responsable ON eleve_responsables (responsable_id);

-- The family's draft: the last values saved, replaced at each save.
CREATE TABLE brouillons (
    eleve_id        INTEGER PRIMARY KEY REFERENCES eleves (id) ON DELETE CASCADE,
    valeurs         TEXT NOT NULL,               -- JSON FormValues
    enregistre_le   TEXT NOT NULL
) STRICT;

-- Every submission is kept; the last one is the file.
CREATE TABLE soumissions (
    id           INTEGER PRIMARY KEY,
    eleve_id     INTEGER NOT NULL REFERENCES eleves (id) ON DELETE CASCADE,
    valeurs      TEXT NOT NULL,                  -- JSON FormValues, validated
    mode         TEXT NOT NULL DEFAULT 'formulaire' CHECK (mode IN ('formulaire','un_clic')),
    transmis_le  TEXT NOT NULL
) STRICT;
CREATE INDEX soumissions_eleve ON soumissions (eleve_id, id);

-- Family sessions: only the hash of the cookie's token is stored.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    eleve_id    INTEGER NOT NULL REFERENCES eleves (id) ON DELETE CASCADE,
    cree_le     TEXT NOT NULL,
    expire_le   TEXT NOT NULL
) STRICT;

-- Every login attempt (brute-force limits, audit). The client address is hashed.
CREATE TABLE tentatives_connexion (
    id            INTEGER PRIMARY KEY,
    uai           TEXT NOT NULL,
    code_hash     TEXT NOT NULL,
    adresse_hash  TEXT NOT NULL,
    reussie       INTEGER NOT NULL,
    eleve_id      INTEGER REFERENCES eleves (id) ON DELETE SET NULL,
    le            TEXT NOT NULL
) STRICT;
CREATE INDEX tentatives_code ON tentatives_connexion (code_hash, le);
CREATE INDEX tentatives_adresse ON tentatives_connexion (adresse_hash, le);

-- Satisfaction ratings (1 to 5) left after submitting.
CREATE TABLE satisfaction (
    id           INTEGER PRIMARY KEY,
    eleve_id     INTEGER REFERENCES eleves (id) ON DELETE SET NULL,
    uai          TEXT NOT NULL,
    note         INTEGER NOT NULL CHECK (note BETWEEN 1 AND 5),
    commentaire  TEXT NOT NULL DEFAULT '',
    le           TEXT NOT NULL
) STRICT;

-- Emails accepted for sending: written in the same transaction as what caused them,
-- delivered by the sender task, retried until the SMTP server takes them.
CREATE TABLE outbox (
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
    etat            TEXT NOT NULL DEFAULT 'a_envoyer' CHECK (etat IN ('a_envoyer','envoye','refuse')),
    tentatives      INTEGER NOT NULL DEFAULT 0,
    prochain_essai  TEXT NOT NULL,
    derniere_erreur TEXT,
    cree_le         TEXT NOT NULL,
    envoye_le       TEXT
) STRICT;
CREATE INDEX outbox_a_envoyer ON outbox (etat, prochain_essai);
