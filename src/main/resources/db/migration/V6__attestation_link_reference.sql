-- An attestation's reference to the link it came through was checked by share-locking that link's
-- row: one more row lock (a heap write and a WAL record) per attestation, to guard a row the
-- service never deletes. Links are now protected like cases and campaigns: never deleted, so the
-- id an attestation records always names a stored link.
ALTER TABLE dr_attestation DROP CONSTRAINT dr_attestation_link_id_fkey;
CREATE TRIGGER dr_token_no_delete BEFORE DELETE ON dr_token FOR EACH ROW EXECUTE FUNCTION dr_refuse_delete();
CREATE TRIGGER dr_token_no_truncate BEFORE TRUNCATE ON dr_token FOR EACH STATEMENT EXECUTE FUNCTION dr_refuse_delete();
