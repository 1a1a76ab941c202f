-- Version 8: limits per pupil and per day. Each submission counts, in its own transaction,
-- the submissions and the confirmations of the pupil since the start of the day: index
-- ranges, not a scan of everything the pupil ever sent.
CREATE INDEX soumissions_eleve_jour ON soumissions (eleve_id, transmis_le);
CREATE INDEX outbox_eleve_genre ON outbox (eleve_id, genre, cree_le);
