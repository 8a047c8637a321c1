DROP INDEX "person_roles_person_idx";--> statement-breakpoint
DROP INDEX "people_import_rows_job_idx";--> statement-breakpoint
DROP INDEX "person_roles_unique_key";--> statement-breakpoint
DROP INDEX "training_completion_import_rows_job_idx";--> statement-breakpoint
CREATE INDEX "people_import_rows_job_idx" ON "people_import_rows" USING btree ("org_id","job_id","row_number");--> statement-breakpoint
CREATE UNIQUE INDEX "person_roles_unique_key" ON "person_roles" USING btree ("person_id","org_id","role","starts_on");--> statement-breakpoint
CREATE INDEX "training_completion_import_rows_job_idx" ON "training_completion_import_rows" USING btree ("org_id","job_id","row_number");--> statement-breakpoint
-- Staging rows live only while an import runs: not worth writing twice (WAL) or keeping across a crash.
ALTER TABLE "people_import_rows" SET UNLOGGED;--> statement-breakpoint
ALTER TABLE "training_completion_import_rows" SET UNLOGGED;
