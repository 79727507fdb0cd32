-- Jobs: long work a request hands over, run by whichever replica claims it (JobRunner): an import sent
-- with ?async=true, a bulk action. A replica holds a job for lease_until and renews the lease while it
-- works; a job whose lease ran out is taken over. What a job has done is committed with the work itself,
-- so a job taken over goes on where the last commit left it.
CREATE TABLE dr_job (
    id           uuid        PRIMARY KEY,
    kind         text        NOT NULL CHECK (kind IN ('IMPORT', 'BULK_ACTION')),
    campaign_id  uuid        NOT NULL REFERENCES dr_campaign (id),
    state        text        NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    created_by   text        NOT NULL,
    -- What was asked, as the API took it: the import's format; the bulk action, its body and its filter.
    request      jsonb       NOT NULL,
    -- What is counted: bytes of an import's upload, cases of a bulk action. total is null until known.
    unit         text        NOT NULL CHECK (unit IN ('bytes', 'cases')),
    total        bigint      CHECK (total >= 0),
    done         bigint      NOT NULL DEFAULT 0 CHECK (done >= 0),
    changed      bigint      NOT NULL DEFAULT 0 CHECK (changed >= 0),
    errors       bigint      NOT NULL DEFAULT 0 CHECK (errors >= 0),
    -- The import's answer, or why the job failed as a whole.
    result       jsonb,
    detail       text,
    lease_owner  text,
    lease_until  timestamptz,
    attempts     integer     NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL,
    started_at   timestamptz,
    finished_at  timestamptz,
    CHECK ((state IN ('SUCCEEDED', 'FAILED')) = (finished_at IS NOT NULL))
);

-- The claim's scan: open jobs, oldest first.
CREATE INDEX dr_job_open_idx ON dr_job (created_at) WHERE state IN ('QUEUED', 'RUNNING');

-- The cases a bulk action has still to do, taken in batches (and deleted as they are done). A case
-- waits in one bulk job at a time: a second job over the same case refuses it, so that two jobs started
-- together change each case once.
CREATE TABLE dr_job_item (
    job_id  uuid NOT NULL REFERENCES dr_job (id) ON DELETE CASCADE,
    -- No foreign key: a queue of ids the same statement just read from dr_case, and cases are never deleted.
    case_id uuid NOT NULL,
    PRIMARY KEY (job_id, case_id),
    UNIQUE (case_id)
);

-- What a job could not do: a bulk action's refusals per case (ref: the developer id), an import's row
-- problems (ref: the row). Numbered in the order they were found.
CREATE TABLE dr_job_error (
    job_id  uuid   NOT NULL REFERENCES dr_job (id) ON DELETE CASCADE,
    n       bigint NOT NULL CHECK (n >= 1),
    ref     text,
    field   text,
    message text   NOT NULL,
    PRIMARY KEY (job_id, n)
);

-- An async import's upload, kept in the database so that any replica can run it; removed when the job ends.
CREATE TABLE dr_job_upload (
    job_id uuid    NOT NULL REFERENCES dr_job (id) ON DELETE CASCADE,
    n      integer NOT NULL CHECK (n >= 0),
    bytes  bytea   NOT NULL CHECK (octet_length(bytes) BETWEEN 1 AND 1048576),
    PRIMARY KEY (job_id, n)
);
