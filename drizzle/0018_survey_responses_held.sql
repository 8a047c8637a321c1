CREATE TABLE "survey_responses_held" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"survey_id" uuid NOT NULL,
	"version_number" integer NOT NULL,
	"answers" jsonb NOT NULL,
	"groups" jsonb NOT NULL,
	"submitted_on" date NOT NULL,
	CONSTRAINT "survey_responses_held_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "survey_responses_held" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "survey_responses_held" ADD CONSTRAINT "survey_responses_held_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "survey_responses_held_survey_idx" ON "survey_responses_held" USING btree ("org_id","survey_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "survey_responses_held" AS PERMISSIVE FOR ALL TO public USING ("survey_responses_held"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) WITH CHECK ("survey_responses_held"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));