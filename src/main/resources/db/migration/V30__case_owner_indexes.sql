-- A staff member's audit queue (their AUDIT_PENDING cases, longest waiting first) and a campaign's cases
-- by owner: index ranges whatever the number of cases. Built CONCURRENTLY, as V23 is, and a build cut
-- off before is dropped first.
DROP INDEX CONCURRENTLY IF EXISTS dr_case_owner_audit_queue_idx;
CREATE INDEX CONCURRENTLY dr_case_owner_audit_queue_idx ON dr_case (owner, state_since, id)
    WHERE state = 'AUDIT_PENDING' AND owner IS NOT NULL;
DROP INDEX CONCURRENTLY IF EXISTS dr_case_owner_idx;
CREATE INDEX CONCURRENTLY dr_case_owner_idx ON dr_case (campaign_id, owner, developer_id) WHERE owner IS NOT NULL;
