DROP INDEX CONCURRENTLY IF EXISTS probe_name_idx;
CREATE INDEX CONCURRENTLY probe_name_idx ON probe (name);
