-- Mails, stored before they are sent (transactional outbox): the decision that a mail goes out
-- writes this row in the same transaction as the case's event. Bodies are rendered when the row is
-- written; the developer link is the only thing filled in at send time (from link_token_id and
-- the server's token secret), so that no usable link is ever stored.
CREATE TABLE dr_notice (
    id              uuid PRIMARY KEY,
    campaign_id     uuid        NOT NULL REFERENCES dr_campaign (id),
    case_id         uuid        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('REVOCATION_NOTICE', 'DELETION_REQUEST', 'REMINDER',
                                'ESCALATION', 'ATTESTATION_RECEIPT', 'AUDIT_NOTICE', 'AUDIT_RESULT',
                                'WITHDRAWAL_NOTICE')),
    status          text        NOT NULL CHECK (status IN ('QUEUED', 'SENT', 'FAILED')),
    round           integer     NOT NULL,
    -- Unique where a mail must go at most once (a reminder offset in a round): a second decision is a no-op.
    dedupe_key      text        UNIQUE,
    to_addresses    text[]      NOT NULL CHECK (cardinality(to_addresses) >= 1),
    cc_addresses    text[]      NOT NULL DEFAULT '{}',
    subject         text        NOT NULL,
    body_text       text        NOT NULL,
    body_html       text        NOT NULL,
    link_token_id   uuid,
    message_id      text        NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    sent_at         timestamptz,
    created_at      timestamptz NOT NULL
);

-- The sender claims due rows oldest first from this small partial index. A claim pushes
-- next_attempt_at forward by the lease, so a row in flight is not due; if its sender dies, it is again.
CREATE INDEX dr_notice_due_idx ON dr_notice (next_attempt_at) WHERE status = 'QUEUED';
CREATE INDEX dr_notice_campaign_status_idx ON dr_notice (campaign_id, status);
CREATE INDEX dr_notice_case_idx ON dr_notice (case_id, created_at);

-- Developer links: one per round. Only the SHA-256 of the token is stored; the token is
-- HMAC-SHA256(datarecall.token.secret, id), so the database alone cannot produce a working link.
CREATE TABLE dr_token (
    id            uuid PRIMARY KEY,
    token_hash    bytea       NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
    case_id       uuid        NOT NULL,
    round         integer     NOT NULL CHECK (round >= 1),
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    superseded_at timestamptz
);

CREATE INDEX dr_token_case_idx ON dr_token (case_id, round);
