CREATE TABLE "enrollment_assignments" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"identification_id" uuid NOT NULL,
	"enrollee_id" uuid NOT NULL,
	"cp_org_id" uuid NOT NULL,
	"month" date NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"why" text,
	"confirmed_by" uuid,
	"confirmed_by_name" text,
	"confirmed_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	"letter_file_id" uuid,
	"letter_language" text,
	"large_print" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrollment_assignments_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "enrollment_assignments_status_known" CHECK ("enrollment_assignments"."status" IN ('proposed', 'confirmed', 'withdrawn', 'ended')),
	CONSTRAINT "enrollment_assignments_month_first" CHECK (extract(day from "enrollment_assignments"."month") = 1)
);
--> statement-breakpoint
ALTER TABLE "enrollment_assignments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "enrollment_identifications" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"enrollee_id" uuid NOT NULL,
	"source" text NOT NULL,
	"cp_type" text,
	"suggested_cp_org_id" uuid,
	"start_reason" text,
	"agency_flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"identified_on" date NOT NULL,
	"record_updated_on" date,
	"stage" text DEFAULT 'identified' NOT NULL,
	"ended_on" date,
	"end_reason" text,
	"referral_id" uuid,
	"import_id" uuid,
	"created_by" uuid,
	"created_by_name" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrollment_identifications_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "enrollment_identifications_source_known" CHECK ("enrollment_identifications"."source" IN ('state_list', 'own', 'referral')),
	CONSTRAINT "enrollment_identifications_stage_known" CHECK ("enrollment_identifications"."stage" IN ('identified', 'assigned', 'outreach', 'enrolled', 'ended')),
	CONSTRAINT "enrollment_identifications_cp_type_known" CHECK ("enrollment_identifications"."cp_type" IS NULL OR "enrollment_identifications"."cp_type" IN ('BH', 'LTSS')),
	CONSTRAINT "enrollment_identifications_ended" CHECK (("enrollment_identifications"."ended_on" IS NULL) = ("enrollment_identifications"."stage" <> 'ended'))
);
--> statement-breakpoint
ALTER TABLE "enrollment_identifications" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "enrollment_outreach" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"assignment_id" uuid NOT NULL,
	"cp_org_id" uuid NOT NULL,
	"attempted_on" date NOT NULL,
	"mode" text NOT NULL,
	"reached" boolean NOT NULL,
	"note" text,
	"recorded_by" uuid NOT NULL,
	"recorded_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrollment_outreach_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "enrollment_outreach" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "enrollment_referrals" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"from_org_id" uuid NOT NULL,
	"masshealth_id" text NOT NULL,
	"family_name" text NOT NULL,
	"given_name" text NOT NULL,
	"date_of_birth" date NOT NULL,
	"cp_type" text,
	"reason" text NOT NULL,
	"enrollee_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"decline_reason" text,
	"decision_note" text,
	"decided_by" uuid,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_by_name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrollment_referrals_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "enrollment_referrals_status_known" CHECK ("enrollment_referrals"."status" IN ('pending', 'accepted', 'declined')),
	CONSTRAINT "enrollment_referrals_declined_why" CHECK (("enrollment_referrals"."status" = 'declined') = ("enrollment_referrals"."decline_reason" IS NOT NULL)),
	CONSTRAINT "enrollment_referrals_cp_type_known" CHECK ("enrollment_referrals"."cp_type" IS NULL OR "enrollment_referrals"."cp_type" IN ('BH', 'LTSS'))
);
--> statement-breakpoint
ALTER TABLE "enrollment_referrals" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "enrollment_mailing_residents" (
	"org_id" uuid NOT NULL,
	"mailing_id" uuid NOT NULL,
	"enrollee_id" uuid NOT NULL,
	"county" text NOT NULL,
	"language" text NOT NULL,
	"format" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrollment_mailing_residents_org_id_mailing_id_enrollee_id_pk" PRIMARY KEY("org_id","mailing_id","enrollee_id"),
	CONSTRAINT "enrollment_mailing_residents_format_known" CHECK ("enrollment_mailing_residents"."format" IN ('standard', 'large_print'))
);
--> statement-breakpoint
ALTER TABLE "enrollment_mailing_residents" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "enrollment_mailings" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"counties" text[] NOT NULL,
	"effective_on" date NOT NULL,
	"first_enrollment_on" date NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"message" text,
	"residents" integer DEFAULT 0 NOT NULL,
	"county_counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"letters_file_id" uuid,
	"mail_file_id" uuid,
	"created_by" uuid,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "enrollment_mailings_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "enrollment_mailings_status_known" CHECK ("enrollment_mailings"."status" IN ('running', 'done', 'stopped'))
);
--> statement-breakpoint
ALTER TABLE "enrollment_mailings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "enrollment_assignments" ADD CONSTRAINT "enrollment_assignments_cp_org_id_organisations_id_fk" FOREIGN KEY ("cp_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_assignments" ADD CONSTRAINT "enrollment_assignments_enrollee_fk" FOREIGN KEY ("org_id","enrollee_id") REFERENCES "public"."care_enrollees"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_assignments" ADD CONSTRAINT "enrollment_assignments_identification_fk" FOREIGN KEY ("org_id","identification_id") REFERENCES "public"."enrollment_identifications"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_identifications" ADD CONSTRAINT "enrollment_identifications_suggested_cp_org_id_organisations_id_fk" FOREIGN KEY ("suggested_cp_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_identifications" ADD CONSTRAINT "enrollment_identifications_enrollee_fk" FOREIGN KEY ("org_id","enrollee_id") REFERENCES "public"."care_enrollees"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_outreach" ADD CONSTRAINT "enrollment_outreach_cp_org_id_organisations_id_fk" FOREIGN KEY ("cp_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_outreach" ADD CONSTRAINT "enrollment_outreach_assignment_fk" FOREIGN KEY ("org_id","assignment_id") REFERENCES "public"."enrollment_assignments"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_referrals" ADD CONSTRAINT "enrollment_referrals_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_referrals" ADD CONSTRAINT "enrollment_referrals_from_org_id_organisations_id_fk" FOREIGN KEY ("from_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_mailing_residents" ADD CONSTRAINT "enrollment_mailing_residents_mailing_fk" FOREIGN KEY ("org_id","mailing_id") REFERENCES "public"."enrollment_mailings"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_mailing_residents" ADD CONSTRAINT "enrollment_mailing_residents_enrollee_fk" FOREIGN KEY ("org_id","enrollee_id") REFERENCES "public"."care_enrollees"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_mailings" ADD CONSTRAINT "enrollment_mailings_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "enrollment_assignments_id_key" ON "enrollment_assignments" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "enrollment_assignments_live_key" ON "enrollment_assignments" USING btree ("org_id","identification_id") WHERE "enrollment_assignments"."status" IN ('proposed', 'confirmed');--> statement-breakpoint
CREATE INDEX "enrollment_assignments_cp_idx" ON "enrollment_assignments" USING btree ("cp_org_id","status");--> statement-breakpoint
CREATE INDEX "enrollment_assignments_month_idx" ON "enrollment_assignments" USING btree ("org_id","month","status");--> statement-breakpoint
CREATE UNIQUE INDEX "enrollment_identifications_id_key" ON "enrollment_identifications" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "enrollment_identifications_open_key" ON "enrollment_identifications" USING btree ("org_id","enrollee_id") WHERE "enrollment_identifications"."ended_on" IS NULL;--> statement-breakpoint
CREATE INDEX "enrollment_identifications_stage_idx" ON "enrollment_identifications" USING btree ("org_id","stage");--> statement-breakpoint
CREATE INDEX "enrollment_outreach_assignment_idx" ON "enrollment_outreach" USING btree ("assignment_id","attempted_on");--> statement-breakpoint
CREATE UNIQUE INDEX "enrollment_referrals_id_key" ON "enrollment_referrals" USING btree ("id");--> statement-breakpoint
CREATE INDEX "enrollment_referrals_from_idx" ON "enrollment_referrals" USING btree ("from_org_id","created_at");--> statement-breakpoint
CREATE INDEX "enrollment_referrals_pending_idx" ON "enrollment_referrals" USING btree ("org_id","created_at") WHERE "enrollment_referrals"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "enrollment_mailing_residents_once_key" ON "enrollment_mailing_residents" USING btree ("org_id","enrollee_id");--> statement-breakpoint
CREATE UNIQUE INDEX "enrollment_mailings_id_key" ON "enrollment_mailings" USING btree ("id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "enrollment_assignments" AS PERMISSIVE FOR ALL TO public USING ("enrollment_assignments"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR ("enrollment_assignments"."cp_org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) AND "enrollment_assignments"."status" <> 'proposed') OR (SELECT enrollment_state_reader())) WITH CHECK ("enrollment_assignments"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "enrollment_identifications" AS PERMISSIVE FOR ALL TO public USING ("enrollment_identifications"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR (SELECT enrollment_state_reader())) WITH CHECK ("enrollment_identifications"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "enrollment_outreach" AS PERMISSIVE FOR ALL TO public USING ("enrollment_outreach"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "enrollment_outreach"."cp_org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR (SELECT enrollment_state_reader())) WITH CHECK ("enrollment_outreach"."cp_org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "enrollment_referrals" AS PERMISSIVE FOR ALL TO public USING ("enrollment_referrals"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "enrollment_referrals"."from_org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR (SELECT enrollment_state_reader())) WITH CHECK ("enrollment_referrals"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "enrollment_referrals"."from_org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "enrollment_mailing_residents" AS PERMISSIVE FOR ALL TO public USING ("enrollment_mailing_residents"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR (SELECT enrollment_state_reader())) WITH CHECK ("enrollment_mailing_residents"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "enrollment_mailings" AS PERMISSIVE FOR ALL TO public USING ("enrollment_mailings"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR (SELECT enrollment_state_reader())) WITH CHECK ("enrollment_mailings"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));