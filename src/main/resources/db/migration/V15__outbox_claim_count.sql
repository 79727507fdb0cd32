-- Claims are counted beside attempts (which count only sends that ended). A mail claimed again and again
-- without its send ever ending — a sender that dies on it, a lease that always runs out — is ended
-- FAILED after max-attempts such claims instead of going round for ever.
ALTER TABLE dr_notice ADD COLUMN claims integer NOT NULL DEFAULT 0;
