-- Version 18 (as SQLite's): the outbox without an index by pupil. Each confirmation queued
-- wrote a leaf of `outbox_eleve_genre` chosen by its pupil; the day's count of a pupil's
-- confirmations now goes through the pupil's submissions. Without that index, `eleve_id` no
-- longer references `eleves`: deleting a pupil would read the whole outbox to find its
-- emails. Pupils are deleted only with their school's data, whose emails go first.
DROP INDEX outbox_eleve_genre;
ALTER TABLE outbox DROP CONSTRAINT outbox_eleve_id_fkey;
