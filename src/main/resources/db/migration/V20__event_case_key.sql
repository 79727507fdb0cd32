-- Every event belongs to a case that exists: no orphan history rows, whoever writes them. Cases are
-- never deleted (a trigger refuses it), so the key only costs its check on insert. Added NOT VALID here
-- (a moment's lock), checked against the rows already there in V21 (a lock that lets writers on), so
-- that a migration next to running replicas never holds their writes for long.
-- A migration that cannot have its lock within 30 s fails, and the Job runs it again, instead of
-- queueing every writer behind a long import.
SET LOCAL lock_timeout = '30s';
SET LOCAL statement_timeout = 0;
ALTER TABLE dr_case_event ADD CONSTRAINT dr_case_event_case_fk FOREIGN KEY (case_id) REFERENCES dr_case (id)
    NOT VALID;
