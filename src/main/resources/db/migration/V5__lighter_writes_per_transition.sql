-- Every attestation and every mail inserted a row that referenced its campaign, and PostgreSQL checks
-- such a reference by share-locking the campaign's row: all concurrent writers of one campaign then
-- queued on that single row (and its page), building multixacts as they went. The campaign of a
-- notice or an attestation is copied from its case, which keeps its own reference to the campaign,
-- and campaigns are never deleted (dr_campaign_no_delete), so these two references guarded nothing.
ALTER TABLE dr_notice DROP CONSTRAINT dr_notice_campaign_id_fkey;
ALTER TABLE dr_attestation DROP CONSTRAINT dr_attestation_campaign_id_fkey;

-- Rendered mail bodies are the largest values written per transition; lz4 compresses them at a
-- fraction of the CPU of the default pglz.
ALTER TABLE dr_notice ALTER COLUMN body_text SET COMPRESSION lz4, ALTER COLUMN body_html SET COMPRESSION lz4;
