-- Deliveries are listed by status, newest first (GET /webhook-deliveries), and delivered rows older than
-- 30 days are removed in batches: one index by status and time serves both. The partial index on FAILED
-- rows is then redundant.
CREATE INDEX dr_webhook_delivery_status_idx ON dr_webhook_delivery (status, created_at);
DROP INDEX dr_webhook_delivery_failed_idx;
