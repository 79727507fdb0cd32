-- What the service's runtime role may do, in one place (ADR 0010). Flyway runs this after every
-- migrate, as the owner, whether or not a migration was pending, so the grants always match this file:
-- everything is revoked and granted again in one transaction. ${runtimeRole} is the role the service
-- connects as (quarkus.flyway.placeholders.runtimeRole, by default quarkus.datasource.username); it
-- owns nothing, so it can neither alter a table nor switch off the triggers that keep history.
--
-- A new table gets its line below; RuntimeRoleTest fails the build for a dr_ table the runtime role
-- cannot read, and for a history table it may do more with than read and append.

-- Replicas that start together each run this file; their GRANTs would collide on the same catalog rows
-- ("tuple concurrently updated"). One at a time, then: the lock ends with this file's transaction.
SELECT pg_advisory_xact_lock(7244012871203547457);

DO $$
DECLARE
    runtime name := '${runtimeRole}';
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = runtime) THEN
        RAISE EXCEPTION 'the runtime role % does not exist', runtime
            USING HINT = 'create it (README, Another PostgreSQL) or set quarkus.flyway.placeholders.runtimeRole';
    END IF;
    IF runtime = current_user OR pg_has_role(runtime, current_user, 'MEMBER') THEN
        RAISE EXCEPTION 'the runtime role % is the owner % or a member of it; the service must connect as a role that owns nothing',
            runtime, current_user;
    END IF;
    IF EXISTS (SELECT FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
               AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = runtime))
       OR EXISTS (SELECT FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
               AND p.proowner = (SELECT oid FROM pg_roles WHERE rolname = runtime)) THEN
        RAISE EXCEPTION 'the runtime role % owns objects in schema public; make % their owner', runtime, current_user;
    END IF;
    -- Nobody but the owner creates objects in the schema (the default since PostgreSQL 15; older
    -- databases granted CREATE to PUBLIC). Only the schema's owner can take that back.
    IF pg_has_role(current_user, (SELECT nspowner FROM pg_namespace WHERE nspname = 'public'), 'USAGE') THEN
        EXECUTE format('REVOKE CREATE ON SCHEMA public FROM PUBLIC, %I', runtime);
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO "${runtimeRole}";

-- A clean slate: no privilege on any table, sequence or owner-only procedure but those granted below.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, "${runtimeRole}";
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC, "${runtimeRole}";
REVOKE EXECUTE ON PROCEDURE dr_analyze_platform_records(text) FROM PUBLIC, "${runtimeRole}";

-- History: read and append, nothing else (their triggers refuse UPDATE, DELETE and TRUNCATE even to the owner).
GRANT SELECT, INSERT ON dr_case_event TO "${runtimeRole}";
GRANT SELECT, INSERT ON dr_attestation TO "${runtimeRole}";
GRANT SELECT, INSERT ON dr_finding TO "${runtimeRole}";
GRANT SELECT, INSERT ON dr_checkpoint TO "${runtimeRole}";

-- Rows the service keeps current. Campaigns change policy and state, cases state and timers, notices
-- their sending status, revocations are replaced (ON CONFLICT DO UPDATE), signatory codes replaced,
-- counted, spent, and withdrawn when their mail could not go. Never deleted where a trigger refuses it.
GRANT SELECT, INSERT, UPDATE ON dr_campaign TO "${runtimeRole}";
GRANT SELECT, INSERT, UPDATE ON dr_case TO "${runtimeRole}";
GRANT SELECT, INSERT, UPDATE ON dr_notice TO "${runtimeRole}";
GRANT SELECT, INSERT, UPDATE, DELETE ON dr_webhook_delivery TO "${runtimeRole}";
GRANT SELECT, INSERT, UPDATE ON dr_revocation TO "${runtimeRole}";
GRANT SELECT, INSERT, UPDATE, DELETE ON dr_signatory_code TO "${runtimeRole}";
-- A link changes once: a newer one supersedes it. Its hash, case, round and expiry stay as issued.
GRANT SELECT, INSERT, UPDATE (superseded_at) ON dr_token TO "${runtimeRole}";
-- A delegation is written once per round, and never changed.
GRANT SELECT, INSERT ON dr_delegation TO "${runtimeRole}";
-- Counters of failed sign-ins: not history, so they are updated and forgotten.
GRANT SELECT, INSERT, UPDATE, DELETE ON dr_sign_in_failure TO "${runtimeRole}";
-- A re-sent (app, day) replaces the earlier figures.
GRANT SELECT, INSERT, DELETE ON dr_access_record TO "${runtimeRole}";
-- An evidence file gains its attestation once; the cleanup deletes files never attached. Chunks are
-- written once and go only with their file (the foreign key's cascade, which runs as the owner).
GRANT SELECT, INSERT, UPDATE (attestation_id, supplement_id), DELETE ON dr_evidence TO "${runtimeRole}";
GRANT SELECT, INSERT ON dr_evidence_chunk TO "${runtimeRole}";

-- The latest checkpoint's heads are replaced by the next checkpoint; an interval's claim is written once.
GRANT SELECT, INSERT, UPDATE ON dr_checkpoint_heads TO "${runtimeRole}";
GRANT SELECT, INSERT ON dr_checkpoint_claim TO "${runtimeRole}";

-- Counts kept per campaign (V25, V26): dr_case's and dr_notice's triggers append deltas as the
-- service's own statements; CaseCounts folds them into the counts (UPDATE only for the row locks a fold
-- takes, FOR UPDATE SKIP LOCKED). Derived figures, not history: recountable from the rows.
GRANT SELECT, INSERT, UPDATE, DELETE ON dr_case_count_delta TO "${runtimeRole}";
GRANT SELECT, INSERT, UPDATE, DELETE ON dr_case_count TO "${runtimeRole}";
GRANT SELECT ON dr_case_count_now TO "${runtimeRole}";
GRANT SELECT, INSERT, UPDATE, DELETE ON dr_notice_count_delta TO "${runtimeRole}";
GRANT SELECT, INSERT, UPDATE, DELETE ON dr_notice_count TO "${runtimeRole}";
GRANT SELECT ON dr_notice_count_now TO "${runtimeRole}";

-- Jobs (V28): their progress and lease change as they run; a bulk job's queue of cases and an import's
-- upload are deleted as they are done (UPDATE on the queue only for the row locks of batches side by
-- side, FOR UPDATE SKIP LOCKED); errors are written once.
GRANT SELECT, INSERT, UPDATE ON dr_job TO "${runtimeRole}";
GRANT SELECT, INSERT, UPDATE, DELETE ON dr_job_item TO "${runtimeRole}";
GRANT SELECT, INSERT ON dr_job_error TO "${runtimeRole}";
GRANT SELECT, INSERT, DELETE ON dr_job_upload TO "${runtimeRole}";

-- What only the owner may do, through the owner's narrow procedures (V11).
GRANT EXECUTE ON PROCEDURE dr_analyze_platform_records(text) TO "${runtimeRole}";
