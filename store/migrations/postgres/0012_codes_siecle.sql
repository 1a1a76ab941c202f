-- The return file to SIECLE: SIECLE's own codes of each pupil that the form does not carry
-- (birth commune's INSEE code, country codes, régime, provenance, the matières of the
-- options, the guardians' professions), as the last import read them. JSON, written by the
-- import; '{}' for pupils imported before this version (the return file then asks for a
-- new import).
ALTER TABLE eleves ADD COLUMN codes_siecle TEXT NOT NULL DEFAULT '{}';
