-- A webhook claim's lease in a column of its own, which no index holds. The claim then changes no indexed
-- column (next_attempt_at, in the due index, now says only when a delivery is due), so PostgreSQL writes it
-- as a heap-only update: no new entry in any of the table's four indexes, where before the claim added
-- three and the mark three more. Pages keep room for it (fillfactor), or the new row version would go to
-- another page and need its index entries after all. Deliveries leased before this migration keep their
-- lease in next_attempt_at: they are simply not due until it ends.
ALTER TABLE dr_webhook_delivery ADD COLUMN leased_until timestamptz;
ALTER TABLE dr_webhook_delivery SET (fillfactor = 70);
