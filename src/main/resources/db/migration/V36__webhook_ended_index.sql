-- A claim moves a queued delivery's next_attempt_at and a mark moves it out of QUEUED: both write a new
-- row version, and every index that holds queued rows takes an entry for it. The list by status and the
-- clean-up of delivered rows only ever read ended rows through this index, so it holds only those: a
-- claim no longer writes to it. Queued rows are listed through the due index (the backlog is short).
-- Built CONCURRENTLY, as V23 is, and a build cut off before is dropped first.
DROP INDEX CONCURRENTLY IF EXISTS dr_webhook_delivery_ended_idx;
CREATE INDEX CONCURRENTLY dr_webhook_delivery_ended_idx ON dr_webhook_delivery (status, created_at)
    WHERE status <> 'QUEUED';
DROP INDEX CONCURRENTLY IF EXISTS dr_webhook_delivery_status_idx;
