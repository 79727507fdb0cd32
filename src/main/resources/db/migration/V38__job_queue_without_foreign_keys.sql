-- A bulk job's queue is written by the statement that creates it, in the transaction that creates the job,
-- and removed when the job ends; a job's errors are written under its row lock and kept with it; jobs are
-- never deleted. So neither table can point at a missing job, and their foreign keys to dr_job guarded
-- nothing while checking the job once per row: of the 31 s a bulk action over a million cases took to
-- queue, 9 s went to those checks. (The upload's key stays: its rows are few and large.)
ALTER TABLE dr_job_item DROP CONSTRAINT dr_job_item_job_id_fkey;
ALTER TABLE dr_job_error DROP CONSTRAINT dr_job_error_job_id_fkey;
