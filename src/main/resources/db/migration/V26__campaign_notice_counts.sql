-- A campaign's mail by status, kept the way V25 keeps its cases: dr_notice's triggers append what each
-- statement changed as delta rows per (campaign, status), folded into dr_notice_count by CaseCounts.
-- Mail without a campaign (a checkpoint's mail to the witnesses) is not a campaign's and is left out.

CREATE TABLE dr_notice_count (
    campaign_id uuid   NOT NULL,
    status      text   NOT NULL,
    notices     bigint NOT NULL,
    PRIMARY KEY (campaign_id, status)
);

CREATE TABLE dr_notice_count_delta (
    campaign_id uuid   NOT NULL,
    status      text   NOT NULL,
    notices     bigint NOT NULL
);
CREATE INDEX dr_notice_count_delta_campaign_idx ON dr_notice_count_delta (campaign_id);

CREATE FUNCTION dr_notice_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO dr_notice_count_delta
    SELECT campaign_id, status, count(*) FROM new_notices WHERE campaign_id IS NOT NULL GROUP BY 1, 2;
    RETURN NULL;
END
$$;

-- Most updates (a claim, a retry's time, a new link) leave the status as it was and write no delta.
CREATE FUNCTION dr_notice_count_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO dr_notice_count_delta
    SELECT campaign_id, status, sum(notices)
    FROM (SELECT campaign_id, status, -1 AS notices FROM old_notices WHERE campaign_id IS NOT NULL
          UNION ALL
          SELECT campaign_id, status, 1 FROM new_notices WHERE campaign_id IS NOT NULL) changed
    GROUP BY 1, 2 HAVING sum(notices) <> 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION dr_notice_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO dr_notice_count_delta
    SELECT campaign_id, status, -count(*) FROM old_notices WHERE campaign_id IS NOT NULL GROUP BY 1, 2;
    RETURN NULL;
END
$$;

-- As in V25: the triggers' lock holds writers back until the backfill has committed.
SET LOCAL lock_timeout = '30s';
SET LOCAL statement_timeout = 0;

CREATE TRIGGER dr_notice_count_insert AFTER INSERT ON dr_notice
    REFERENCING NEW TABLE AS new_notices FOR EACH STATEMENT EXECUTE FUNCTION dr_notice_count_inserted();
CREATE TRIGGER dr_notice_count_update AFTER UPDATE ON dr_notice
    REFERENCING OLD TABLE AS old_notices NEW TABLE AS new_notices FOR EACH STATEMENT EXECUTE FUNCTION dr_notice_count_updated();
CREATE TRIGGER dr_notice_count_delete AFTER DELETE ON dr_notice
    REFERENCING OLD TABLE AS old_notices FOR EACH STATEMENT EXECUTE FUNCTION dr_notice_count_deleted();

INSERT INTO dr_notice_count
SELECT campaign_id, status, count(*) FROM dr_notice WHERE campaign_id IS NOT NULL GROUP BY 1, 2;

CREATE VIEW dr_notice_count_now AS
    SELECT campaign_id, status, notices FROM dr_notice_count
    UNION ALL
    SELECT campaign_id, status, notices FROM dr_notice_count_delta;
