CREATE TABLE "enrollment_member_choices" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"enrollee_id" uuid NOT NULL,
	"choice" text NOT NULL,
	"requested_cp_org_id" uuid,
	"received_on" date NOT NULL,
	"note" text,
	"recorded_by_org_id" uuid NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrollment_member_choices_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "enrollment_member_choices_known" CHECK ("enrollment_member_choices"."choice" IN ('different_cp', 'decline'))
);
--> statement-breakpoint
ALTER TABLE "enrollment_member_choices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "enrollment_member_choices" ADD CONSTRAINT "enrollment_member_choices_requested_cp_org_id_organisations_id_fk" FOREIGN KEY ("requested_cp_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_member_choices" ADD CONSTRAINT "enrollment_member_choices_enrollee_fk" FOREIGN KEY ("org_id","enrollee_id") REFERENCES "public"."care_enrollees"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enrollment_member_choices_enrollee_idx" ON "enrollment_member_choices" USING btree ("enrollee_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "enrollment_member_choices" AS PERMISSIVE FOR ALL TO public USING ("enrollment_member_choices"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "enrollment_member_choices"."recorded_by_org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR (SELECT enrollment_state_reader())) WITH CHECK ("enrollment_member_choices"."recorded_by_org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));