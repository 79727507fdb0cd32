-- A round can end with nothing left to attest in it: when a rejected attestation or a failed audit
-- finds the rounds allowed used up, the case escalates in that same round. Such a case takes no
-- attestation until a manager's extension opens the next round (a new link and a new request).
ALTER TABLE dr_case ADD COLUMN round_spent boolean NOT NULL DEFAULT false;

-- Cases waiting for an attestation in a round that already holds one have spent it: escalated after
-- the last rejection, or extended out of that escalation back into the same round (which could take
-- no attestation any more).
UPDATE dr_case c SET round_spent = true
WHERE c.state IN ('DELETION_REQUESTED', 'ESCALATED')
  AND EXISTS (SELECT 1 FROM dr_attestation a WHERE a.case_id = c.id AND a.round = c.round);
