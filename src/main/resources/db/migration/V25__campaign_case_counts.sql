-- Counts kept per campaign, so that a campaign's summary and the overview cost the same for a hundred
-- cases or a million: cases per state, HIGH risk and unreachable among them, and, for the cases waiting
-- on the developer (DELETION_REQUESTED, ESCALATED), the hour they fall due in, so that "overdue" is the
-- sum of the hours already past plus an exact count inside the current hour (CampaignSummaryQuery).
--
-- Triggers on dr_case write what each statement changed as delta rows, grouped by key: one row per
-- (campaign, state, due hour) that the statement touched, never a row per case. Writers only ever
-- insert deltas, so no two transactions wait on a shared counter row; CaseCounts folds the deltas
-- into dr_case_count every few seconds, and a reader adds the two tables up in one snapshot.
-- A due hour is an hour in UTC; '-infinity' for the cases that are not waiting on a deadline.

CREATE TABLE dr_case_count (
    campaign_id uuid        NOT NULL,
    state       text        NOT NULL,
    due_hour    timestamptz NOT NULL,
    cases       bigint      NOT NULL,
    high_risk   bigint      NOT NULL,
    unreachable bigint      NOT NULL,
    PRIMARY KEY (campaign_id, state, due_hour)
);

CREATE TABLE dr_case_count_delta (
    campaign_id uuid        NOT NULL,
    state       text        NOT NULL,
    due_hour    timestamptz NOT NULL,
    cases       bigint      NOT NULL,
    high_risk   bigint      NOT NULL,
    unreachable bigint      NOT NULL
);
CREATE INDEX dr_case_count_delta_campaign_idx ON dr_case_count_delta (campaign_id);

-- The hour a case falls due in, as the triggers and the backfill below key it.
CREATE FUNCTION dr_case_due_hour(state text, due_at timestamptz) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN state IN ('DELETION_REQUESTED', 'ESCALATED') AND due_at IS NOT NULL
                THEN date_trunc('hour', due_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                ELSE '-infinity'::timestamptz END
$$;

CREATE FUNCTION dr_case_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO dr_case_count_delta
    SELECT campaign_id, state, dr_case_due_hour(state, due_at), count(*),
           count(*) FILTER (WHERE risk_tier = 'HIGH'), count(*) FILTER (WHERE unreachable)
    FROM new_cases GROUP BY 1, 2, 3;
    RETURN NULL;
END
$$;

-- An update counts its old rows out and its new rows in; keys whose sums come to nothing (a timer or
-- a contact changed, not a state) write no delta.
CREATE FUNCTION dr_case_count_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO dr_case_count_delta
    SELECT campaign_id, state, due_hour, sum(cases), sum(high_risk), sum(unreachable)
    FROM (SELECT campaign_id, state, dr_case_due_hour(state, due_at) AS due_hour, -1 AS cases,
                 -(risk_tier = 'HIGH')::int AS high_risk, -(unreachable::int) AS unreachable
          FROM old_cases
          UNION ALL
          SELECT campaign_id, state, dr_case_due_hour(state, due_at), 1, (risk_tier = 'HIGH')::int, unreachable::int
          FROM new_cases) changed
    GROUP BY 1, 2, 3
    HAVING sum(cases) <> 0 OR sum(high_risk) <> 0 OR sum(unreachable) <> 0;
    RETURN NULL;
END
$$;

-- Cases are never deleted (dr_case_no_delete), so inserts and updates are all there is to count.
-- Taking the triggers' lock here also holds writers back until the backfill below has committed, so
-- no case is counted twice or missed; a migration that cannot have it within 30 s fails and runs again.
SET LOCAL lock_timeout = '30s';
SET LOCAL statement_timeout = 0;

CREATE TRIGGER dr_case_count_insert AFTER INSERT ON dr_case
    REFERENCING NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION dr_case_count_inserted();
CREATE TRIGGER dr_case_count_update AFTER UPDATE ON dr_case
    REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION dr_case_count_updated();

INSERT INTO dr_case_count
SELECT campaign_id, state, dr_case_due_hour(state, due_at), count(*),
       count(*) FILTER (WHERE risk_tier = 'HIGH'), count(*) FILTER (WHERE unreachable)
FROM dr_case GROUP BY 1, 2, 3;

-- What readers add up: the folded counts and the deltas not folded yet, in one snapshot.
CREATE VIEW dr_case_count_now AS
    SELECT campaign_id, state, due_hour, cases, high_risk, unreachable FROM dr_case_count
    UNION ALL
    SELECT campaign_id, state, due_hour, cases, high_risk, unreachable FROM dr_case_count_delta;
