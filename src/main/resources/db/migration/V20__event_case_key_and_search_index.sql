-- Migrations are not service work: no statement or lock limit of a service session applies here.
SET LOCAL statement_timeout = 0;
SET LOCAL lock_timeout = 0;

-- Every event belongs to a case that exists: no orphan history rows, whoever writes them. Cases are
-- never deleted (a trigger refuses it), so the key only costs its check on insert. NOT VALID, then
-- VALIDATE: the check of the rows already there does not block writers while it reads them.
ALTER TABLE dr_case_event ADD CONSTRAINT dr_case_event_case_fk FOREIGN KEY (case_id) REFERENCES dr_case (id)
    NOT VALID;
ALTER TABLE dr_case_event VALIDATE CONSTRAINT dr_case_event_case_fk;

-- The case search (`q`) is a case-insensitive substring of the developer id, name or email. A trigram
-- index answers it from the index whether nothing or thousands match, instead of reading every case of
-- the campaign. One index over the three fields, joined by a character nobody types (\x01), so a match
-- cannot straddle two fields; CaseRepository queries the same expression.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX dr_case_search_idx ON dr_case
    USING gin ((developer_id || E'\x01' || name || E'\x01' || email) gin_trgm_ops);
