ALTER TABLE "care_due" DROP CONSTRAINT "care_due_org_id_organisations_id_fk";
--> statement-breakpoint
ALTER TABLE "care_enrollments" DROP CONSTRAINT "care_enrollments_org_id_organisations_id_fk";
