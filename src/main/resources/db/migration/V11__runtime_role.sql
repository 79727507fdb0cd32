-- The service connects as a runtime role that owns nothing (ADR 0010); what it may do is granted in
-- afterMigrate.sql. What only the owner may do and the service needs is done by routines the owner
-- owns, each doing one narrow thing (SECURITY DEFINER, a fixed search_path). Their EXECUTE is taken
-- from PUBLIC here and given to the runtime role alone in afterMigrate.sql.

-- Fresh statistics after an upload of access records (ten million rows may be new) or revocations,
-- for the findings check in the same transaction. In PostgreSQL 15 only a table's owner may ANALYZE
-- it: another role gets a warning and no statistics. These two tables and no other.
CREATE PROCEDURE dr_analyze_platform_records(table_name text) LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp AS
$$
BEGIN
    IF table_name IS NULL OR table_name NOT IN ('dr_access_record', 'dr_revocation') THEN
        RAISE EXCEPTION 'dr_analyze_platform_records: % is not a table of platform records', table_name
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    EXECUTE format('ANALYZE public.%I', table_name);
END
$$;

REVOKE EXECUTE ON PROCEDURE dr_analyze_platform_records(text) FROM PUBLIC;
