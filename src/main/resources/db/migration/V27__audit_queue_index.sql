-- The auditors' queue: the AUDIT_PENDING cases of every campaign, longest waiting first (AuditQueue).
-- A partial index holds only those cases, so each page of the queue is an index range however many
-- cases there are. Built CONCURRENTLY, as V23 is, and a build cut off before is dropped first.
DROP INDEX CONCURRENTLY IF EXISTS dr_case_audit_queue_idx;
CREATE INDEX CONCURRENTLY dr_case_audit_queue_idx ON dr_case (state_since, id) WHERE state = 'AUDIT_PENDING';
