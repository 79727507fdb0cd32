-- Each claim of the outbox sender carries an id, and every mark (SENT, retry, FAILED) names it: a
-- replica whose lease ran out, and whose mails another replica took over, can no longer mark them.
-- Attempts are counted when a send ends, so a claim never burns attempts of mails it did not try.
ALTER TABLE dr_notice ADD COLUMN claim_id uuid;
