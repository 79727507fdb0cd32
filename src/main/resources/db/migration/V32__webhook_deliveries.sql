-- Webhook deliveries: each case event a subscription asks for, queued in the transaction that wrote the
-- event (so a delivery exists exactly when its event does), then claimed, POSTed and marked like a mail
-- (a lease per claim, every mark fenced by the claim id, retries with backoff, FAILED at the end).
CREATE TABLE dr_webhook_delivery (
    id              uuid PRIMARY KEY,
    subscription    text        NOT NULL CHECK (char_length(subscription) BETWEEN 1 AND 100),
    -- The CloudEvents id: the event's case id and sequence number, the same in every retry.
    event_id        text        NOT NULL,
    campaign_id     uuid        NOT NULL,
    case_id         uuid        NOT NULL,
    event_type      text        NOT NULL,
    -- The CloudEvents document, written once: every attempt sends the same bytes.
    body            text        NOT NULL,
    status          text        NOT NULL DEFAULT 'QUEUED' CHECK (status IN ('QUEUED', 'SENT', 'FAILED')),
    attempts        integer     NOT NULL DEFAULT 0,
    claims          integer     NOT NULL DEFAULT 0,
    claim_id        uuid,
    next_attempt_at timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz,
    response_status integer,
    last_error      text,
    UNIQUE (subscription, event_id)
);

CREATE INDEX dr_webhook_delivery_due_idx ON dr_webhook_delivery (next_attempt_at) WHERE status = 'QUEUED';
CREATE INDEX dr_webhook_delivery_failed_idx ON dr_webhook_delivery (created_at) WHERE status = 'FAILED';
