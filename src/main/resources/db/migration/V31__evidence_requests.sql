-- An auditor may ask for more evidence while a case is AUDIT_PENDING (request-evidence, an
-- EVIDENCE_REQUEST mail); the developer's files then arrive outside any attestation, as one
-- supplement (an EVIDENCE_SUPPLIED event that lists each file's digest). A file is attached once,
-- to an attestation or to a supplement, and from then on never changes or goes.
ALTER TABLE dr_notice DROP CONSTRAINT dr_notice_kind_check;
ALTER TABLE dr_notice ADD CONSTRAINT dr_notice_kind_check CHECK (kind IN ('REVOCATION_NOTICE', 'DELETION_REQUEST',
    'REMINDER', 'ESCALATION', 'ATTESTATION_RECEIPT', 'AUDIT_NOTICE', 'AUDIT_RESULT', 'WITHDRAWAL_NOTICE',
    'SIGNATORY_CODE', 'CHECKPOINT', 'DELEGATION_NOTICE', 'DELEGATION_CONFIRMATION', 'EVIDENCE_REQUEST'));

-- Nullable, no default: added without rewriting the table.
ALTER TABLE dr_evidence ADD COLUMN supplement_id uuid;
ALTER TABLE dr_evidence ADD CONSTRAINT dr_evidence_attached_once
    CHECK (attestation_id IS NULL OR supplement_id IS NULL);

CREATE INDEX dr_evidence_supplement_idx ON dr_evidence (supplement_id) WHERE supplement_id IS NOT NULL;
-- The cleanup's index: files nobody attached, oldest first.
DROP INDEX dr_evidence_unattached_idx;
CREATE INDEX dr_evidence_unattached_idx ON dr_evidence (uploaded_at)
    WHERE attestation_id IS NULL AND supplement_id IS NULL;

CREATE OR REPLACE FUNCTION dr_evidence_guard() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.attestation_id IS NOT NULL OR OLD.supplement_id IS NOT NULL THEN
            RAISE EXCEPTION 'dr_evidence: an attached file is never deleted' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.attestation_id IS NOT NULL OR OLD.supplement_id IS NOT NULL
            OR (NEW.attestation_id IS NULL AND NEW.supplement_id IS NULL)
            OR (NEW.id, NEW.case_id, NEW.link_id, NEW.filename, NEW.content_type, NEW.size, NEW.sha256, NEW.uploaded_at)
               IS DISTINCT FROM
               (OLD.id, OLD.case_id, OLD.link_id, OLD.filename, OLD.content_type, OLD.size, OLD.sha256, OLD.uploaded_at)
    THEN
        RAISE EXCEPTION 'dr_evidence: a file only gains its attestation or supplement, once'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION dr_evidence_chunk_guard() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'UPDATE' OR EXISTS (SELECT 1 FROM dr_evidence WHERE id = OLD.evidence_id
                                   AND (attestation_id IS NOT NULL OR supplement_id IS NOT NULL)) THEN
        RAISE EXCEPTION 'dr_evidence_chunk: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
END
$$;
