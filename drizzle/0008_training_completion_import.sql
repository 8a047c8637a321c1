CREATE TABLE "training_completion_import_rows" (
	"org_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"email" text,
	"npi" text,
	"topic_code" text NOT NULL,
	"completed_on" date NOT NULL,
	"source" text,
	"note" text,
	"certificate_code" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "training_completion_import_rows" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "training_completion_import_rows_job_idx" ON "training_completion_import_rows" USING btree ("org_id","job_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "training_completion_import_rows" AS PERMISSIVE FOR ALL TO public USING ("training_completion_import_rows"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) WITH CHECK ("training_completion_import_rows"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));