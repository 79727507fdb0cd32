-- The language a developer is written to in (mails and the developer's page). 'en' for every case
-- opened before; requested_locale keeps an uploaded locale we do not write in (English is used).
ALTER TABLE dr_case
    ADD COLUMN locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'de', 'fr')),
    ADD COLUMN requested_locale text CHECK (length(requested_locale) <= 64);
