CREATE TYPE "public"."care_assessment_kind" AS ENUM('comprehensive', 'reassessment', 'major_change', 'hrsn_screening');--> statement-breakpoint
CREATE TYPE "public"."care_program" AS ENUM('one_care', 'aco', 'mco', 'cp');--> statement-breakpoint
CREATE TYPE "public"."care_rule_kind" AS ENUM('initial_assessment', 'reassessment', 'major_change_reassessment', 'unreachable', 'cp_engagement', 'no_contact');--> statement-breakpoint
CREATE TYPE "public"."care_sex" AS ENUM('female', 'male', 'x', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."care_team_role" AS ENUM('care_coordinator', 'clinical_care_manager', 'lts_coordinator', 'pcp', 'pcp_designee', 'bh_clinician', 'rn', 'other');--> statement-breakpoint
CREATE TYPE "public"."care_contact_mode" AS ENUM('home_visit', 'in_person', 'phone', 'video', 'email', 'letter', 'text');--> statement-breakpoint
CREATE TYPE "public"."care_lts_response" AS ENUM('pending', 'accepted', 'declined');--> statement-breakpoint
CREATE TABLE "care_assessments" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"enrollee_id" uuid NOT NULL,
	"kind" "care_assessment_kind" NOT NULL,
	"survey_response_id" uuid,
	"in_person" boolean NOT NULL,
	"major_change_reason" text,
	"rule_kind" "care_rule_kind",
	"rule_version" integer,
	"completed_on" date NOT NULL,
	"completed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_assessments_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "care_assessments_major_change_reason" CHECK ("care_assessments"."kind" <> 'major_change' OR "care_assessments"."major_change_reason" IS NOT NULL),
	CONSTRAINT "care_assessments_rule_pair" CHECK (("care_assessments"."rule_kind" IS NULL) = ("care_assessments"."rule_version" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "care_assessments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "care_contacts" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"enrollee_id" uuid NOT NULL,
	"mode" "care_contact_mode" NOT NULL,
	"reached" boolean NOT NULL,
	"made_by" uuid NOT NULL,
	"made_for_org_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_contacts_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "care_contacts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "care_enrollees" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"masshealth_id" text NOT NULL,
	"mbi" text,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"date_of_birth" date NOT NULL,
	"sex" "care_sex" DEFAULT 'unknown' NOT NULL,
	"address_line1" text,
	"address_line2" text,
	"town" text,
	"postal_code" text,
	"county" text,
	"phone" text,
	"email" text,
	"preferred_language" text,
	"accessible_formats" text[] DEFAULT '{}'::text[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_enrollees_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "care_enrollees_masshealth_format" CHECK ("care_enrollees"."masshealth_id" ~ '^[0-9]{12}$'),
	CONSTRAINT "care_enrollees_mbi_format" CHECK ("care_enrollees"."mbi" ~ '^[1-9][A-Z][A-Z0-9][0-9][A-Z][A-Z0-9][0-9][A-Z]{2}[0-9]{2}$'),
	CONSTRAINT "care_enrollees_formats_known" CHECK ("care_enrollees"."accessible_formats" <@ ARRAY['large_print', 'braille', 'asl_interpreter', 'audio', 'accessible_electronic', 'cart_captioning', 'plain_language']::text[])
);
--> statement-breakpoint
ALTER TABLE "care_enrollees" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "care_enrollments" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"enrollee_id" uuid NOT NULL,
	"program" "care_program" NOT NULL,
	"effective_on" date NOT NULL,
	"ends_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_enrollments_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "care_enrollments_dates" CHECK ("care_enrollments"."ends_on" IS NULL OR "care_enrollments"."ends_on" >= "care_enrollments"."effective_on")
);
--> statement-breakpoint
ALTER TABLE "care_enrollments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "care_rules" (
	"kind" "care_rule_kind" NOT NULL,
	"program" "care_program" NOT NULL,
	"version" integer NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"parameters" jsonb NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "care_rules_kind_program_version_pk" PRIMARY KEY("kind","program","version"),
	CONSTRAINT "care_rules_dates" CHECK ("care_rules"."effective_to" IS NULL OR "care_rules"."effective_to" >= "care_rules"."effective_from")
);
--> statement-breakpoint
CREATE TABLE "care_team_members" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"enrollee_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"role" "care_team_role" NOT NULL,
	"single_point_of_contact" boolean DEFAULT false NOT NULL,
	"member_org_id" uuid NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"lts_offered_on" date,
	"lts_response" "care_lts_response",
	"lts_responded_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_team_members_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "care_team_members_dates" CHECK ("care_team_members"."ends_on" IS NULL OR "care_team_members"."ends_on" >= "care_team_members"."starts_on"),
	CONSTRAINT "care_team_members_spoc_role" CHECK (NOT "care_team_members"."single_point_of_contact" OR "care_team_members"."role" IN ('care_coordinator', 'clinical_care_manager')),
	CONSTRAINT "care_team_members_lts_only" CHECK ("care_team_members"."role" = 'lts_coordinator' OR ("care_team_members"."lts_offered_on" IS NULL AND "care_team_members"."lts_response" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "care_team_members" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "care_assessments" ADD CONSTRAINT "care_assessments_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_assessments" ADD CONSTRAINT "care_assessments_completed_by_people_id_fk" FOREIGN KEY ("completed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_assessments" ADD CONSTRAINT "care_assessments_enrollee_fk" FOREIGN KEY ("org_id","enrollee_id") REFERENCES "public"."care_enrollees"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_contacts" ADD CONSTRAINT "care_contacts_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_contacts" ADD CONSTRAINT "care_contacts_made_by_people_id_fk" FOREIGN KEY ("made_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_contacts" ADD CONSTRAINT "care_contacts_made_for_org_id_organisations_id_fk" FOREIGN KEY ("made_for_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_contacts" ADD CONSTRAINT "care_contacts_enrollee_fk" FOREIGN KEY ("org_id","enrollee_id") REFERENCES "public"."care_enrollees"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_enrollees" ADD CONSTRAINT "care_enrollees_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_enrollments" ADD CONSTRAINT "care_enrollments_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_enrollments" ADD CONSTRAINT "care_enrollments_enrollee_fk" FOREIGN KEY ("org_id","enrollee_id") REFERENCES "public"."care_enrollees"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_team_members" ADD CONSTRAINT "care_team_members_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_team_members" ADD CONSTRAINT "care_team_members_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_team_members" ADD CONSTRAINT "care_team_members_member_org_id_organisations_id_fk" FOREIGN KEY ("member_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_team_members" ADD CONSTRAINT "care_team_members_enrollee_fk" FOREIGN KEY ("org_id","enrollee_id") REFERENCES "public"."care_enrollees"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "care_assessments_enrollee_idx" ON "care_assessments" USING btree ("org_id","enrollee_id","completed_on");--> statement-breakpoint
CREATE INDEX "care_contacts_enrollee_idx" ON "care_contacts" USING btree ("org_id","enrollee_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "care_enrollees_id_key" ON "care_enrollees" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "care_enrollees_masshealth_key" ON "care_enrollees" USING btree ("org_id","masshealth_id");--> statement-breakpoint
CREATE INDEX "care_enrollees_name_idx" ON "care_enrollees" USING btree ("org_id","family_name","given_name");--> statement-breakpoint
CREATE INDEX "care_enrollments_enrollee_idx" ON "care_enrollments" USING btree ("org_id","enrollee_id","program");--> statement-breakpoint
CREATE INDEX "care_team_members_enrollee_idx" ON "care_team_members" USING btree ("org_id","enrollee_id");--> statement-breakpoint
CREATE INDEX "care_team_members_outside_idx" ON "care_team_members" USING btree ("member_org_id","enrollee_id") WHERE "care_team_members"."member_org_id" <> "care_team_members"."org_id";--> statement-breakpoint
CREATE INDEX "care_team_members_person_idx" ON "care_team_members" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "care_team_members_one_spoc_key" ON "care_team_members" USING btree ("org_id","enrollee_id") WHERE "care_team_members"."single_point_of_contact" AND "care_team_members"."ends_on" IS NULL;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "care_assessments" AS PERMISSIVE FOR ALL TO public USING ("care_assessments"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "care_assessments"."enrollee_id" IN (SELECT care_enrollees_on_team())) WITH CHECK ("care_assessments"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "care_assessments"."enrollee_id" IN (SELECT care_enrollees_on_team()));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "care_contacts" AS PERMISSIVE FOR ALL TO public USING ("care_contacts"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "care_contacts"."enrollee_id" IN (SELECT care_enrollees_on_team())) WITH CHECK ("care_contacts"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "care_contacts"."enrollee_id" IN (SELECT care_enrollees_on_team()));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "care_enrollees" AS PERMISSIVE FOR ALL TO public USING ("care_enrollees"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "care_enrollees"."id" IN (SELECT care_enrollees_on_team())) WITH CHECK ("care_enrollees"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "care_enrollments" AS PERMISSIVE FOR ALL TO public USING ("care_enrollments"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "care_enrollments"."enrollee_id" IN (SELECT care_enrollees_on_team())) WITH CHECK ("care_enrollments"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "care_team_members" AS PERMISSIVE FOR ALL TO public USING ("care_team_members"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "care_team_members"."enrollee_id" IN (SELECT care_enrollees_on_team())) WITH CHECK ("care_team_members"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));