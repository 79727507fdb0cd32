-- A round can end with nothing left to attest in it: when a rejected attestation or a failed audit
-- finds the rounds allowed used up, the case escalates in that same round. Such a case takes no
-- attestation until a manager's extension opens the next round (a new link and a new request).
ALTER TABLE dr_case ADD COLUMN round_spent boolean NOT NULL DEFAULT false;

-- Escalated cases that got there by such a rejection, read from the event that put them in ESCALATED.
UPDATE dr_case c SET round_spent = true
FROM (SELECT DISTINCT ON (e.case_id) e.case_id, e.data
      FROM dr_case_event e JOIN dr_case k ON k.id = e.case_id AND k.campaign_id = e.campaign_id
      WHERE k.state = 'ESCALATED' AND e.to_state = 'ESCALATED' AND e.from_state IS DISTINCT FROM 'ESCALATED'
      ORDER BY e.case_id, e.seq DESC) entered
WHERE c.id = entered.case_id AND entered.data::jsonb ->> 'roundsExhausted' = 'true';
