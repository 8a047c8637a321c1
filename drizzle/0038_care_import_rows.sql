CREATE TABLE "care_import_rows" (
	"org_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"masshealth_id" text NOT NULL,
	"mbi" text,
	"family_name" text NOT NULL,
	"given_name" text NOT NULL,
	"date_of_birth" date NOT NULL,
	"sex" text,
	"address" text,
	"town" text,
	"county" text,
	"postal_code" text,
	"phone" text,
	"email" text,
	"preferred_language" text,
	"accessible_formats" text,
	"program" text NOT NULL,
	"effective_on" date NOT NULL,
	"ends_on" text
);
--> statement-breakpoint
ALTER TABLE "care_import_rows" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "care_import_rows_job_idx" ON "care_import_rows" USING btree ("org_id","job_id","row_number");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "care_import_rows" AS PERMISSIVE FOR ALL TO public USING ("care_import_rows"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) WITH CHECK ("care_import_rows"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
-- Staging rows live only while an import runs: not worth writing twice (WAL) or keeping across a crash.
ALTER TABLE "care_import_rows" SET UNLOGGED;
