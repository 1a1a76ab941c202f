-- Version 8: limits per pupil and per day, and the outbox's health. Each submission counts,
-- in its own transaction, the confirmations already queued today about the pupil; /healthz
-- reads the age of the oldest email still waiting.
CREATE INDEX outbox_eleve_genre ON outbox (eleve_id, genre, cree_le);
CREATE INDEX outbox_attente ON outbox (etat, cree_le);
