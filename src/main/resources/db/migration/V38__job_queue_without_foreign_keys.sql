-- A bulk job's queue and its refusals are written in the statement that creates them, in the transaction
-- that created their job, and removed when the job ends; jobs themselves are never deleted. Their foreign
-- keys to dr_job guarded nothing, and checked the job once per row: of the 31 s a bulk action over a
-- million cases took to queue, 9 s went to those checks. (The upload's key stays: its rows are few.)
ALTER TABLE dr_job_item DROP CONSTRAINT dr_job_item_job_id_fkey;
ALTER TABLE dr_job_error DROP CONSTRAINT dr_job_error_job_id_fkey;
