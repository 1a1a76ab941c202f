-- The language the family last used on the site (a code of site.yml's `langues`: fr, en,
-- ar…), written when it logs in or submits having chosen one (the site's `langue` field or
-- its cookie); NULL for a family who never chose one. The staff's emails to the family
-- (validation, reminders) are written in it, with the French below. The staff never set it.
ALTER TABLE eleves ADD COLUMN langue TEXT;
