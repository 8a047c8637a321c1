CREATE TABLE "care_major_changes" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"enrollee_id" uuid NOT NULL,
	"occurred_on" date NOT NULL,
	"reason" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_major_changes_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "care_major_changes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "care_assessments" ADD COLUMN "rule_program" "care_program";--> statement-breakpoint
ALTER TABLE "care_major_changes" ADD CONSTRAINT "care_major_changes_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_major_changes" ADD CONSTRAINT "care_major_changes_recorded_by_people_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_major_changes" ADD CONSTRAINT "care_major_changes_enrollee_fk" FOREIGN KEY ("org_id","enrollee_id") REFERENCES "public"."care_enrollees"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "care_major_changes_enrollee_idx" ON "care_major_changes" USING btree ("org_id","enrollee_id","occurred_on");--> statement-breakpoint
ALTER TABLE "care_assessments" ADD CONSTRAINT "care_assessments_rule_program" CHECK (("care_assessments"."rule_kind" IS NULL) = ("care_assessments"."rule_program" IS NULL));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "care_major_changes" AS PERMISSIVE FOR ALL TO public USING ("care_major_changes"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "care_major_changes"."enrollee_id" IN (SELECT care_enrollees_on_team())) WITH CHECK ("care_major_changes"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "care_major_changes"."enrollee_id" IN (SELECT care_enrollees_on_team()));--> statement-breakpoint
-- An assessment instrument's answers are a survey response written in the care request's own transaction, as the
-- application role (decision 052): it draws the response's place in the submission order.
GRANT USAGE ON SEQUENCE survey_submissions_seq TO concord_app;
