-- The platform's own record of access: per app and UTC day, how many calls read the affected data and
-- how many users' data they touched, as computed where the platform's API logs live. Not history: a
-- re-sent (app, day) replaces the earlier figures, so a finding copies the rows that prove it into its event.
-- An app belongs to exactly one case of the campaign (checked at import); the case is found through
-- dr_case.app_ids, so the only index is the key, which leads with the campaign and the app.
CREATE TABLE dr_access_record (
    campaign_id    uuid        NOT NULL,
    app_id         text        NOT NULL CHECK (char_length(app_id) BETWEEN 1 AND 200),
    day            date        NOT NULL,
    calls          bigint      NOT NULL CHECK (calls >= 0),
    users_affected bigint      NOT NULL CHECK (users_affected >= 0),
    imported_at    timestamptz NOT NULL,
    PRIMARY KEY (campaign_id, app_id, day)
);

-- When and how each app's access was cut, and a probe that tried to use it afterwards: the latest per
-- app. Every revocation received is also an ACCESS_REVOKED event on its case, so replacing one keeps its story.
CREATE TABLE dr_revocation (
    campaign_id  uuid        NOT NULL REFERENCES dr_campaign (id),
    app_id       text        NOT NULL CHECK (char_length(app_id) BETWEEN 1 AND 200),
    case_id      uuid        NOT NULL REFERENCES dr_case (id),
    revoked_at   timestamptz NOT NULL,
    mechanism    text        NOT NULL,
    probe_at     timestamptz,
    probe_result text        CHECK (probe_result IN ('NO_ACCESS', 'ACCESS')),
    note         text,
    recorded_at  timestamptz NOT NULL,
    recorded_by  text        NOT NULL,
    PRIMARY KEY (campaign_id, app_id)
);
CREATE INDEX dr_revocation_case_idx ON dr_revocation (case_id);

-- What the platform's records prove against a case, once per kind: the same data as the case's FINDING
-- event (which the hash chain protects); kept here so that counts, filters and the findings view are index reads.
CREATE TABLE dr_finding (
    campaign_id uuid        NOT NULL,
    case_id     uuid        NOT NULL REFERENCES dr_case (id),
    kind        text        NOT NULL CHECK (kind IN ('ACCESS_AFTER_REVOCATION', 'ACCESS_AFTER_DELETION', 'NOT_REVOKED')),
    found_at    timestamptz NOT NULL,
    case_state  text        NOT NULL,  -- the case's state when it was found (a terminal case is not reopened)
    data        text        NOT NULL,
    PRIMARY KEY (case_id, kind)
);
CREATE INDEX dr_finding_campaign_idx ON dr_finding (campaign_id, kind, case_id);

CREATE TRIGGER dr_finding_append_only BEFORE UPDATE OR DELETE ON dr_finding
    FOR EACH ROW EXECUTE FUNCTION dr_refuse_change();
CREATE TRIGGER dr_finding_no_truncate BEFORE TRUNCATE ON dr_finding
    FOR EACH STATEMENT EXECUTE FUNCTION dr_refuse_change();

-- The attested deletion time, read by the ACCESS_AFTER_DELETION check for a million cases at once
-- (instead of parsing each attestation's canonical JSON): written by the service beside the canonical
-- JSON it repeats, and filled from that JSON for earlier attestations.
ALTER TABLE dr_attestation ADD COLUMN deleted_at timestamptz;
ALTER TABLE dr_attestation DISABLE TRIGGER dr_attestation_append_only;
UPDATE dr_attestation SET deleted_at = (canonical::jsonb ->> 'deletedAt')::timestamptz
WHERE canonical::jsonb ->> 'deletedAt' IS NOT NULL;
ALTER TABLE dr_attestation ENABLE TRIGGER dr_attestation_append_only;

-- Whether the platform recorded calls by any of these apps on a day that reaches into the risk window
-- (the day of `since` counts: a call that day may have come after it). The risk tier's second half.
CREATE FUNCTION dr_recent_platform_access(campaign_id uuid, app_ids text[], since timestamptz)
    RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS
$$
SELECT EXISTS (SELECT 1 FROM dr_access_record r
               WHERE r.campaign_id = $1 AND r.app_id = ANY ($2) AND r.calls > 0
                 AND r.day >= ($3 AT TIME ZONE 'UTC')::date)
$$;

-- An instant as event data writes it: UTC, ISO-8601, microseconds.
CREATE FUNCTION dr_instant_text(t timestamptz) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS
$$
SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

-- What the platform's records say about one case (its apps), as its JSON, report and pages show it:
-- the first and last day with calls, the largest daily number of users, and the latest revocation
-- once every app is revoked. One definition for every reader; inlined by the planner.
CREATE FUNCTION dr_case_access(campaign_id uuid, app_ids text[])
    RETURNS TABLE (first_day date, last_day date, users_affected bigint, revoked_at timestamptz)
    LANGUAGE sql STABLE AS
$$
SELECT a.first_day, a.last_day, a.users,
       CASE WHEN cardinality($2) > 0 AND v.revoked = (SELECT count(DISTINCT x) FROM unnest($2) x) THEN v.latest END
FROM (SELECT min(r.day) FILTER (WHERE r.calls > 0) AS first_day, max(r.day) FILTER (WHERE r.calls > 0) AS last_day,
             max(r.users_affected) AS users
      FROM dr_access_record r WHERE r.campaign_id = $1 AND r.app_id = ANY ($2)) a,
     (SELECT count(*) AS revoked, max(r.revoked_at) AS latest
      FROM dr_revocation r WHERE r.campaign_id = $1 AND r.app_id = ANY ($2)) v
$$;
