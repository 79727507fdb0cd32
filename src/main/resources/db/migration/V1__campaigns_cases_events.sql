-- Campaigns: one incident response each. The policy is kept as the JSON the API shows,
-- because it is read whole by the application and never filtered on in SQL.
CREATE TABLE dr_campaign (
    id              uuid PRIMARY KEY,
    title           text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    description     text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 10000),
    data_categories text[]      NOT NULL CHECK (cardinality(data_categories) BETWEEN 1 AND 50),
    detected_at     timestamptz NOT NULL,
    exposure_start  timestamptz,
    exposure_end    timestamptz,
    policy          jsonb       NOT NULL,
    status          text        NOT NULL CHECK (status IN ('DRAFT', 'ACTIVE', 'CLOSED')),
    created_by      text        NOT NULL,
    created_at      timestamptz NOT NULL,
    launched_at     timestamptz,
    closed_at       timestamptz,
    CHECK (exposure_start IS NULL OR exposure_end IS NULL OR exposure_start <= exposure_end)
);

-- Cases: one developer inside one campaign. event_count and last_event_hash are the head of
-- the case's event chain, so appending an event never has to look the chain up.
CREATE TABLE dr_case (
    id                 uuid PRIMARY KEY,
    campaign_id        uuid        NOT NULL REFERENCES dr_campaign (id),
    developer_id       text        NOT NULL CHECK (char_length(developer_id) BETWEEN 1 AND 200),
    name               text        NOT NULL,
    email              text        NOT NULL,
    cc_emails          text[]      NOT NULL DEFAULT '{}',
    app_ids            text[]      NOT NULL DEFAULT '{}',
    last_access_at     timestamptz,
    risk_tier          text        NOT NULL CHECK (risk_tier IN ('HIGH', 'STANDARD')),
    state              text        NOT NULL CHECK (state IN ('PENDING', 'NOTIFIED', 'DELETION_REQUESTED',
                                   'ATTESTED', 'AUDIT_PENDING', 'VERIFIED', 'ESCALATED', 'ENFORCED', 'WITHDRAWN')),
    round              integer     NOT NULL DEFAULT 0 CHECK (round >= 0),
    due_at             timestamptz,
    verification_basis text        CHECK (verification_basis IN ('ATTESTATION', 'AUDIT')),
    -- The sweep's timers, kept on the row so that "what is due" is an index range, not a computation:
    state_since        timestamptz NOT NULL,  -- when the case entered its state (NOTIFIED waits the policy's delay)
    reminded_offset_s  bigint,                -- the latest reminder offset sent in this round, in seconds
    next_reminder_at   timestamptz,           -- when the next reminder of this round is due, if any is left
    escalate_at        timestamptz,           -- when a silent DELETION_REQUESTED case escalates
    link_token_id      uuid,                  -- the current round's developer link (see dr_token)
    version            bigint      NOT NULL,
    event_count        integer     NOT NULL,
    last_event_hash    bytea       NOT NULL,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    CONSTRAINT dr_case_developer_unique UNIQUE (campaign_id, developer_id)
);

-- Filtered case lists page by developer id within one state; summaries count by state.
CREATE INDEX dr_case_state_idx ON dr_case (campaign_id, state, developer_id);
-- The sweep's due work: small partial indexes over the cases that wait for a developer.
CREATE INDEX dr_case_reminder_due_idx ON dr_case (next_reminder_at)
    WHERE state = 'DELETION_REQUESTED' AND next_reminder_at IS NOT NULL;
CREATE INDEX dr_case_escalation_due_idx ON dr_case (escalate_at) WHERE state = 'DELETION_REQUESTED';

-- The event history. Insert-only (see the triggers below); each hash chains to the previous
-- event of the same case. The key leads with the campaign so that the integrity check reads
-- one campaign's chains in order from one index.
CREATE TABLE dr_case_event (
    campaign_id uuid        NOT NULL,
    -- No foreign key to dr_case: every event is written from its case row in the same statement,
    -- cases are never deleted (see the trigger below), and a per-row check would halve import speed.
    case_id     uuid        NOT NULL,
    seq         integer     NOT NULL CHECK (seq >= 1),
    type        text        NOT NULL CHECK (type ~ '^[A-Z_]+$'),
    from_state  text,
    to_state    text        NOT NULL,
    actor       text        NOT NULL CHECK (actor !~ '[\n\r]'),
    at          timestamptz NOT NULL,
    data        text        NOT NULL,
    prev_hash   bytea       NOT NULL CHECK (octet_length(prev_hash) = 32),
    hash        bytea       NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (campaign_id, case_id, seq)
);

-- The canonical form of an event, hashed with SHA-256 (documented in the README):
-- the fields below, in this order, joined by a line feed, as UTF-8.
-- No field before `data` can hold a line feed, and `data` is compact JSON, so the form is unambiguous.
-- STABLE, not IMMUTABLE (convert_to and extract are STABLE): that lets the planner inline it, ~3x faster.
CREATE FUNCTION dr_event_hash(prev_hash bytea, case_id uuid, seq integer, type text, from_state text,
                              to_state text, actor text, at timestamptz, data text)
    RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS
$$
SELECT sha256(convert_to(
    encode(prev_hash, 'hex') || E'\n' || case_id::text || E'\n' || seq::text || E'\n' || type || E'\n'
        || coalesce(from_state, '') || E'\n' || to_state || E'\n' || actor || E'\n'
        || ((extract(epoch FROM at) * 1000000)::bigint)::text || E'\n' || data,
    'UTF8'))
$$;

CREATE FUNCTION dr_refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'dr_case_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER dr_case_event_append_only
    BEFORE UPDATE OR DELETE ON dr_case_event
    FOR EACH ROW EXECUTE FUNCTION dr_refuse_event_change();

CREATE TRIGGER dr_case_event_no_truncate
    BEFORE TRUNCATE ON dr_case_event
    FOR EACH STATEMENT EXECUTE FUNCTION dr_refuse_event_change();

-- Nothing a regulator may ask about is ever deleted: campaigns and cases end in a state, not in a DELETE.
CREATE FUNCTION dr_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION '% rows are never deleted', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER dr_case_no_delete BEFORE DELETE ON dr_case FOR EACH ROW EXECUTE FUNCTION dr_refuse_delete();
CREATE TRIGGER dr_case_no_truncate BEFORE TRUNCATE ON dr_case FOR EACH STATEMENT EXECUTE FUNCTION dr_refuse_delete();
CREATE TRIGGER dr_campaign_no_delete BEFORE DELETE ON dr_campaign FOR EACH ROW EXECUTE FUNCTION dr_refuse_delete();
CREATE TRIGGER dr_campaign_no_truncate BEFORE TRUNCATE ON dr_campaign FOR EACH STATEMENT EXECUTE FUNCTION dr_refuse_delete();


-- The developer fields as event data (CASE_OPENED, DEVELOPER_UPDATED), built the same way wherever
-- the import writes them, in UTC whatever the session's time zone.
CREATE FUNCTION dr_developer_json(developer_id text, name text, email text, cc_emails text[], app_ids text[],
                                  last_access_at timestamptz, risk_tier text)
    RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS
$$
SELECT json_build_object('developerId', developer_id, 'name', name, 'email', email, 'ccEmails', cc_emails,
                         'appIds', app_ids,
                         'lastAccessAt', to_char(last_access_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                         'riskTier', risk_tier)::text
$$;
