-- Signed checkpoints (ADR 0009): per campaign, a Merkle root over every case's chain head, signed with
-- a key the database never sees. Insert-only, like the events it vouches for.
CREATE TABLE dr_checkpoint (
    id            uuid PRIMARY KEY,
    campaign_id   uuid        NOT NULL REFERENCES dr_campaign (id),
    at            timestamptz NOT NULL,
    cases         bigint      NOT NULL CHECK (cases >= 0),
    events        bigint      NOT NULL CHECK (events >= 0),
    root          bytea       NOT NULL CHECK (octet_length(root) = 32),
    key_id        text        NOT NULL,
    -- The exact bytes that were signed (UTF-8 JSON), so that anyone can check the signature.
    document      text        NOT NULL,
    signature     bytea       NOT NULL CHECK (octet_length(signature) = 64),
    -- 'SCHEDULED', or the staff user who asked for it.
    requested_by  text        NOT NULL
);
CREATE INDEX dr_checkpoint_campaign_idx ON dr_checkpoint (campaign_id, at);

CREATE TRIGGER dr_checkpoint_append_only
    BEFORE UPDATE OR DELETE ON dr_checkpoint
    FOR EACH ROW EXECUTE FUNCTION dr_refuse_change();
CREATE TRIGGER dr_checkpoint_no_truncate
    BEFORE TRUNCATE ON dr_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION dr_refuse_change();

-- The heads the latest checkpoint of each campaign covers, (case id, seq, hash) packed as 16 + 4 + 32
-- bytes in case-id order. Replaced by the next checkpoint; it needs no guard: a changed list no longer
-- gives the signed root. Hashes do not compress, so the value is stored without trying.
CREATE TABLE dr_checkpoint_heads (
    campaign_id   uuid PRIMARY KEY REFERENCES dr_campaign (id),
    checkpoint_id uuid  NOT NULL REFERENCES dr_checkpoint (id),
    heads         bytea NOT NULL
);
ALTER TABLE dr_checkpoint_heads ALTER COLUMN heads SET STORAGE EXTERNAL;

-- One scheduled checkpoint per campaign and interval, whichever replica inserts the claim first; the
-- claim commits with the checkpoint, so a replica that dies mid-way leaves the interval to another.
CREATE TABLE dr_checkpoint_claim (
    campaign_id   uuid        NOT NULL REFERENCES dr_campaign (id),
    slot          timestamptz NOT NULL,
    checkpoint_id uuid        NOT NULL,
    PRIMARY KEY (campaign_id, slot)
);

-- Each checkpoint is mailed to witnesses outside the database: a notice of no case, pointing at it.
ALTER TABLE dr_notice ALTER COLUMN campaign_id DROP NOT NULL;
ALTER TABLE dr_notice ALTER COLUMN case_id DROP NOT NULL;
ALTER TABLE dr_notice ADD COLUMN checkpoint_id uuid REFERENCES dr_checkpoint (id);
ALTER TABLE dr_notice ADD CONSTRAINT dr_notice_subject_check CHECK (
    CASE WHEN kind = 'CHECKPOINT' THEN checkpoint_id IS NOT NULL AND case_id IS NULL
         ELSE checkpoint_id IS NULL AND case_id IS NOT NULL AND campaign_id IS NOT NULL END);
ALTER TABLE dr_notice DROP CONSTRAINT dr_notice_kind_check;
ALTER TABLE dr_notice ADD CONSTRAINT dr_notice_kind_check CHECK (kind IN ('REVOCATION_NOTICE', 'DELETION_REQUEST',
    'REMINDER', 'ESCALATION', 'ATTESTATION_RECEIPT', 'AUDIT_NOTICE', 'AUDIT_RESULT', 'WITHDRAWAL_NOTICE',
    'SIGNATORY_CODE', 'CHECKPOINT'));

-- The heads of the campaign's latest checkpoint as rows, for the integrity check to join with the
-- events. Read once into a variable (not sliced from storage a million times), then cut up.
CREATE FUNCTION dr_checkpoint_head_rows(campaign uuid) RETURNS TABLE (case_id uuid, seq integer, hash bytea)
LANGUAGE plpgsql STABLE AS
$$
#variable_conflict use_column
DECLARE
    packed bytea;
BEGIN
    SELECT h.heads INTO packed FROM dr_checkpoint_heads h WHERE h.campaign_id = campaign;
    RETURN QUERY
        SELECT encode(substring(packed FROM i * 52 + 1 FOR 16), 'hex')::uuid,
               (get_byte(packed, i * 52 + 16) << 24) | (get_byte(packed, i * 52 + 17) << 16)
                   | (get_byte(packed, i * 52 + 18) << 8) | get_byte(packed, i * 52 + 19),
               substring(packed FROM i * 52 + 21 FOR 32)
        FROM generate_series(0, coalesce(octet_length(packed), 0) / 52 - 1) AS i;
END
$$;
