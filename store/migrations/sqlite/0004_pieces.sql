-- Version 4: documents (pièces justificatives) families attach. The file itself is on disk,
-- under a random name in the spool folder beside the database (<db dir>/pieces/); this row
-- says what it is. A file belongs to its pupil from the upload, but is part of the pupil's
-- file (soumission_id set) only once the submission that carried it has committed; rows still
-- unlinked a day later are deleted with their file.
CREATE TABLE pieces (
    id             INTEGER PRIMARY KEY,
    eleve_id       INTEGER NOT NULL REFERENCES eleves (id) ON DELETE CASCADE,
    uai            TEXT NOT NULL,
    document       TEXT NOT NULL,                -- code of the expected document (content)
    nom_original   TEXT NOT NULL,                -- sanitized: no path, no control character, 120 chars at most
    fichier        TEXT NOT NULL UNIQUE,         -- random name in the spool folder
    type_mime      TEXT NOT NULL CHECK (type_mime IN ('application/pdf', 'image/jpeg', 'image/png')),
    taille         INTEGER NOT NULL,             -- bytes
    sha256         TEXT NOT NULL,                -- hex, computed while the file streamed in
    etat           TEXT NOT NULL CHECK (etat IN ('accepte', 'analyse_en_attente', 'refuse')),
    soumission_id  INTEGER REFERENCES soumissions (id) ON DELETE SET NULL,
    recu_le        TEXT NOT NULL,
    analyse_le     TEXT                          -- last antivirus verdict or attempt
) STRICT;
CREATE INDEX pieces_eleve ON pieces (eleve_id, document);
CREATE INDEX pieces_en_attente ON pieces (etat) WHERE etat = 'analyse_en_attente';
CREATE INDEX pieces_orphelines ON pieces (recu_le) WHERE soumission_id IS NULL;
