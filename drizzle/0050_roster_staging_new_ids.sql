-- A roster import stages, with each row, the ids a new enrollee and a new enrollment are given (made as the
-- file is read). Staged rows never outlive a run; one interrupted by the upgrade is settled as interrupted
-- and its rows go.
DELETE FROM "care_import_rows";
--> statement-breakpoint
ALTER TABLE "care_import_rows" ADD COLUMN "new_enrollee_id" uuid NOT NULL;
--> statement-breakpoint
ALTER TABLE "care_import_rows" ADD COLUMN "new_enrollment_id" uuid NOT NULL;
