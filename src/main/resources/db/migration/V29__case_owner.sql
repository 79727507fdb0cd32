-- The staff member looking after a case (ASSIGN, an OWNER_ASSIGNED event); null: nobody. A nullable
-- column without a default is added without rewriting the table.
ALTER TABLE dr_case ADD COLUMN owner text CHECK (owner IS NULL OR char_length(owner) BETWEEN 1 AND 200);
