-- Deletion attestations, as the developer submitted them. Immutable: a regulator may ask for the
-- exact statement years later, and its digest was mailed to the developer.
CREATE TABLE dr_attestation (
    id            uuid PRIMARY KEY,
    case_id       uuid        NOT NULL REFERENCES dr_case (id),
    campaign_id   uuid        NOT NULL REFERENCES dr_campaign (id),
    round         integer     NOT NULL CHECK (round >= 1),
    link_id       uuid        NOT NULL REFERENCES dr_token (id),
    received_at   timestamptz NOT NULL,
    late          boolean     NOT NULL,
    -- The canonical JSON text (RFC 8785) that sha256 is the digest of; the fields are read from it.
    canonical     text        NOT NULL,
    sha256        text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    client_ip     text,
    user_agent    text,
    -- One attestation per round: two racing submissions cannot both be stored.
    UNIQUE (case_id, round)
);

CREATE FUNCTION dr_refuse_change() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION '% is insert-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER dr_attestation_append_only
    BEFORE UPDATE OR DELETE ON dr_attestation
    FOR EACH ROW EXECUTE FUNCTION dr_refuse_change();

CREATE TRIGGER dr_attestation_no_truncate
    BEFORE TRUNCATE ON dr_attestation
    FOR EACH STATEMENT EXECUTE FUNCTION dr_refuse_change();

-- The sweep's audit routing finds attested cases through this.
CREATE INDEX dr_case_attested_idx ON dr_case (state_since) WHERE state = 'ATTESTED';
