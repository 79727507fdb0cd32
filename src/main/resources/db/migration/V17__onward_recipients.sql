-- Onward recipients: a third party the developer says it shared the data with, named with an address,
-- becomes a case of its own in the same campaign (a sub-case), asked to delete and attest like any.
-- onward_from is the name of the developer that shared the data, for the sub-case's own mail.
ALTER TABLE dr_case ADD COLUMN parent_case_id uuid REFERENCES dr_case (id);
ALTER TABLE dr_case ADD COLUMN onward_from text;
-- Few cases are sub-cases: the parent's wait and the case page read this small index.
CREATE INDEX dr_case_parent_idx ON dr_case (parent_case_id) WHERE parent_case_id IS NOT NULL;

ALTER TABLE dr_finding DROP CONSTRAINT dr_finding_kind_check;
ALTER TABLE dr_finding ADD CONSTRAINT dr_finding_kind_check CHECK (kind IN ('ACCESS_AFTER_REVOCATION',
    'ACCESS_AFTER_DELETION', 'NOT_REVOKED', 'ONWARD_UNRESOLVED'));
