-- The case search (`q`) is a case-insensitive substring of the developer id, name or email. A trigram
-- index answers it from the index whether nothing or thousands match, instead of reading every case of
-- the campaign. One index over the three fields, joined by a character nobody types (\x01), so a match
-- cannot straddle two fields; CaseRepository queries the same expression. Built CONCURRENTLY (Flyway
-- runs this file outside a transaction, and holds its migration lock at session level for it:
-- SessionLevelMigrationLock), so replicas keep writing cases while it is built.
-- A build that was cut off (a killed migration Job) leaves an invalid index of this name behind, and
-- Flyway runs this file again: that leftover is dropped first, so the index is never left invalid.
DROP INDEX CONCURRENTLY IF EXISTS dr_case_search_idx;
CREATE INDEX CONCURRENTLY dr_case_search_idx ON dr_case
    USING gin ((developer_id || E'\x01' || name || E'\x01' || email) gin_trgm_ops);
