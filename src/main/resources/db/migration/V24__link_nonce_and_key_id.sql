-- A developer link's token is derived from 256 random bits of its own and the id of the key that derived
-- it (DeveloperLinks), so the key can be rotated while older links keep working until they expire. Links
-- issued before have neither: their token was derived from the link id with the key of the time.
ALTER TABLE dr_token ADD COLUMN nonce bytea CHECK (octet_length(nonce) = 32),
                     ADD COLUMN key_id text CHECK (key_id ~ '^[0-9a-f]{16}$'),
                     ADD CONSTRAINT dr_token_nonce_with_key CHECK ((nonce IS NULL) = (key_id IS NULL));
