-- Bounces: a mail the developer's server refused after taking it is BOUNCED, with the server's status
-- and diagnostic, and its case is flagged unreachable until a mail to a new address goes through.
ALTER TABLE dr_notice DROP CONSTRAINT dr_notice_status_check;
ALTER TABLE dr_notice ADD CONSTRAINT dr_notice_status_check CHECK (status IN ('QUEUED', 'SENT', 'FAILED', 'BOUNCED'));
ALTER TABLE dr_notice ADD COLUMN bounced_at timestamptz;
ALTER TABLE dr_notice ADD COLUMN bounce_status text;
ALTER TABLE dr_notice ADD COLUMN bounce_diagnostic text;

ALTER TABLE dr_case ADD COLUMN unreachable boolean NOT NULL DEFAULT false;
-- Few cases are unreachable: the filter and the summary count read this small index.
CREATE INDEX dr_case_unreachable_idx ON dr_case (campaign_id) WHERE unreachable;
