-- Failed staff sign-ins, per user ("user:<name>") and per client address ("address:<ip>"), counted in a
-- window that starts with the first failure: shared by every replica, so guessing is slowed down
-- whichever replica answers. Rows whose window has ended are deleted as new failures come in.
CREATE TABLE dr_sign_in_failure (
    key          text PRIMARY KEY CHECK (length(key) <= 300),
    window_start timestamptz NOT NULL,
    failures     integer NOT NULL CHECK (failures > 0)
);
