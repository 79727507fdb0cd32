-- The enforcement call (enforce with APP_SUSPENDED or ACCESS_TERMINATED → the platform's endpoint) goes
-- through the webhook outbox: same claims, retries and FAILED; its answer becomes a case event.
-- A constant default is added without rewriting the table.
ALTER TABLE dr_webhook_delivery ADD COLUMN kind text NOT NULL DEFAULT 'WEBHOOK'
    CHECK (kind IN ('WEBHOOK', 'ENFORCEMENT'));
-- What the platform answered (the first 1,000 characters), recorded with the enforcement's outcome.
ALTER TABLE dr_webhook_delivery ADD COLUMN response_body text;
