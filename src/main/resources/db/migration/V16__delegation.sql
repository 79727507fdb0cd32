-- Delegation: the developer's contact hands the current round to a named colleague, who gets a link of
-- its own. The contact's links of that round then only show the case; a new round ends the delegation.
ALTER TABLE dr_token ADD COLUMN delegate boolean NOT NULL DEFAULT false;

CREATE TABLE dr_delegation (
    case_id    uuid        NOT NULL REFERENCES dr_case (id),
    round      integer     NOT NULL CHECK (round >= 1),
    link_id    uuid        NOT NULL REFERENCES dr_token (id),
    name       text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    email      text        NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
    reason     text        NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 2000),
    created_at timestamptz NOT NULL,
    -- One delegation per round: the delegate cannot pass the round on again.
    PRIMARY KEY (case_id, round)
);

ALTER TABLE dr_notice DROP CONSTRAINT dr_notice_kind_check;
ALTER TABLE dr_notice ADD CONSTRAINT dr_notice_kind_check CHECK (kind IN ('REVOCATION_NOTICE', 'DELETION_REQUEST',
    'REMINDER', 'ESCALATION', 'ATTESTATION_RECEIPT', 'AUDIT_NOTICE', 'AUDIT_RESULT', 'WITHDRAWAL_NOTICE',
    'SIGNATORY_CODE', 'CHECKPOINT', 'DELEGATION_NOTICE', 'DELEGATION_CONFIRMATION'));
