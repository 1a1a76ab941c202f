-- Version 14: the confirmation email is rendered when the sender sends it, not in the
-- submission's request. Its row holds the facts the templates need: the submission it
-- confirms (a resubmission is a new row: this one never changes) and, in `a_rendre` (JSON),
-- the level and the language; `sujet` and `texte` stay empty and `html` NULL (nothing
-- rendered is stored). A row with `a_rendre` NULL holds its rendered message, as before.
-- A submission deleted before its email left (purge, a new campaign) leaves NULL: the
-- sender then refuses the email for good, with the reason.
ALTER TABLE outbox ADD COLUMN soumission_id BIGINT REFERENCES soumissions (id) ON DELETE SET NULL;
ALTER TABLE outbox ADD COLUMN a_rendre TEXT;
CREATE INDEX outbox_soumission ON outbox (soumission_id);
