-- The key of V20 checked against the events already written; VALIDATE takes a lock that lets writers on.
SET LOCAL lock_timeout = '30s';
SET LOCAL statement_timeout = 0;
ALTER TABLE dr_case_event VALIDATE CONSTRAINT dr_case_event_case_fk;
