-- Evidence files a developer uploads through its link and attaches to an attestation, and the codes
-- that prove the signatory's mailbox. Stored in chunks of at most 1 MiB (ADR 0007): an upload is
-- streamed in and a download streamed out one chunk at a time.
CREATE TABLE dr_evidence (
    id             uuid PRIMARY KEY,
    case_id        uuid        NOT NULL REFERENCES dr_case (id),
    -- The link it came through (links are never deleted, see V6).
    link_id        uuid        NOT NULL,
    filename       text        NOT NULL CHECK (char_length(filename) BETWEEN 1 AND 255),
    content_type   text        NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg',
                                   'text/plain', 'text/csv', 'application/json')),
    size           bigint      NOT NULL CHECK (size >= 1),
    sha256         text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    uploaded_at    timestamptz NOT NULL,
    -- Set once, when an attestation takes the file; from then on the file never changes or goes. No
    -- foreign key: attestations are never deleted (insert-only, V3), and the check would cost every
    -- attached file a lookup and a row lock on its attestation inside the attestation's group.
    attestation_id uuid
);

CREATE INDEX dr_evidence_case_idx ON dr_evidence (case_id, uploaded_at);
CREATE INDEX dr_evidence_attestation_idx ON dr_evidence (attestation_id) WHERE attestation_id IS NOT NULL;
-- The cleanup finds files never attached, oldest first.
CREATE INDEX dr_evidence_unattached_idx ON dr_evidence (uploaded_at) WHERE attestation_id IS NULL;

CREATE TABLE dr_evidence_chunk (
    -- Checked at commit: an upload writes its chunks as they stream in, and its file's row (size,
    -- digest) last, in the same transaction.
    evidence_id uuid    NOT NULL REFERENCES dr_evidence (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    n           integer NOT NULL CHECK (n >= 0),
    bytes       bytea   NOT NULL CHECK (octet_length(bytes) BETWEEN 1 AND 1048576),
    PRIMARY KEY (evidence_id, n)
);

-- A file's row changes once: an attestation takes it. An attached file is never deleted; a file
-- nobody attached may be (the cleanup removes it with its chunks).
CREATE FUNCTION dr_evidence_guard() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.attestation_id IS NOT NULL THEN
            RAISE EXCEPTION 'dr_evidence: an attached file is never deleted' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.attestation_id IS NOT NULL OR NEW.attestation_id IS NULL
            OR (NEW.id, NEW.case_id, NEW.link_id, NEW.filename, NEW.content_type, NEW.size, NEW.sha256, NEW.uploaded_at)
               IS DISTINCT FROM
               (OLD.id, OLD.case_id, OLD.link_id, OLD.filename, OLD.content_type, OLD.size, OLD.sha256, OLD.uploaded_at)
    THEN
        RAISE EXCEPTION 'dr_evidence: a file only gains its attestation, once' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER dr_evidence_immutable BEFORE UPDATE OR DELETE ON dr_evidence
    FOR EACH ROW EXECUTE FUNCTION dr_evidence_guard();
CREATE TRIGGER dr_evidence_no_truncate BEFORE TRUNCATE ON dr_evidence
    FOR EACH STATEMENT EXECUTE FUNCTION dr_refuse_change();

-- Chunks never change; they go only with their file (the cascade runs after the file's row is
-- gone, so it passes; a chunk of an attached file is refused).
CREATE FUNCTION dr_evidence_chunk_guard() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'UPDATE' OR EXISTS (SELECT 1 FROM dr_evidence WHERE id = OLD.evidence_id AND attestation_id IS NOT NULL) THEN
        RAISE EXCEPTION 'dr_evidence_chunk: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
END
$$;

CREATE TRIGGER dr_evidence_chunk_immutable BEFORE UPDATE OR DELETE ON dr_evidence_chunk
    FOR EACH ROW EXECUTE FUNCTION dr_evidence_chunk_guard();
CREATE TRIGGER dr_evidence_chunk_no_truncate BEFORE TRUNCATE ON dr_evidence_chunk
    FOR EACH STATEMENT EXECUTE FUNCTION dr_refuse_change();

-- The case's current signatory code (one per case: a new code replaces the last). Only its
-- HMAC-SHA-256 under a key derived from the token secret is kept, never the code.
CREATE TABLE dr_signatory_code (
    case_id     uuid        PRIMARY KEY REFERENCES dr_case (id),
    id          uuid        NOT NULL,
    email       text        NOT NULL,
    code_hmac   bytea       NOT NULL CHECK (octet_length(code_hmac) = 32),
    issued_at   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    -- Wrong codes presented; at 5 the code is spent.
    failures    integer     NOT NULL DEFAULT 0 CHECK (failures >= 0),
    used_at     timestamptz
);
-- An attestation group marks the codes it spent (and counts wrong ones) by their id.
CREATE UNIQUE INDEX dr_signatory_code_id_idx ON dr_signatory_code (id);

ALTER TABLE dr_notice DROP CONSTRAINT dr_notice_kind_check;
ALTER TABLE dr_notice ADD CONSTRAINT dr_notice_kind_check CHECK (kind IN ('REVOCATION_NOTICE', 'DELETION_REQUEST',
    'REMINDER', 'ESCALATION', 'ATTESTATION_RECEIPT', 'AUDIT_NOTICE', 'AUDIT_RESULT', 'WITHDRAWAL_NOTICE',
    'SIGNATORY_CODE'));
