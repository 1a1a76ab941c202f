-- Version 7: login backoff. A checked attempt records whether the browser carried the
-- "known device" mark of the code it tried: such a browser is held back only by the
-- failures made with that mark, never by a stranger's. Attempts held by the backoff are
-- not recorded at all (nothing was checked).
ALTER TABLE tentatives_connexion ADD COLUMN appareil BIGINT NOT NULL DEFAULT 0;
