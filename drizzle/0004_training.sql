CREATE TYPE "public"."attestation_status" AS ENUM('accepted', 'held', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."completion_method" AS ENUM('live', 'recorded', 'self_paced', 'external', 'imported');--> statement-breakpoint
CREATE TYPE "public"."registration_status" AS ENUM('registered', 'waitlisted', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."training_session_kind" AS ENUM('live', 'recorded', 'self_paced');--> statement-breakpoint
CREATE TABLE "training_attendance" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"joined_at" timestamp with time zone,
	"left_at" timestamp with time zone,
	"minutes" integer NOT NULL,
	"person_id" uuid,
	"matched_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_attendance_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "training_attendance" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "training_attestations" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"statement" text NOT NULL,
	"attested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"evidence" jsonb NOT NULL,
	"status" "attestation_status" NOT NULL,
	"reason" text,
	"ip" text,
	CONSTRAINT "training_attestations_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "training_attestations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "competencies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"framework_id" uuid NOT NULL,
	"code" text NOT NULL,
	"text" text NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "competency_frameworks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "competency_frameworks" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "training_completions" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"topic_id" uuid NOT NULL,
	"completed_on" date NOT NULL,
	"method" "completion_method" NOT NULL,
	"session_id" uuid,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"recorded_by" uuid,
	"recorded_by_name" text NOT NULL,
	"certificate_code" text NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_completions_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "training_completions_id_key" UNIQUE("id")
);
--> statement-breakpoint
ALTER TABLE "training_completions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "training_curricula" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"shared" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_curricula_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "training_curricula_id_key" UNIQUE("id")
);
--> statement-breakpoint
ALTER TABLE "training_curricula" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "training_modules" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"curriculum_id" uuid,
	"position" integer DEFAULT 1 NOT NULL,
	"title" text NOT NULL,
	"purpose" text[] DEFAULT '{}'::text[] NOT NULL,
	"objectives" text[] DEFAULT '{}'::text[] NOT NULL,
	"topic_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"shared" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_modules_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "training_modules_id_key" UNIQUE("id")
);
--> statement-breakpoint
ALTER TABLE "training_modules" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "training_registrations" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"status" "registration_status" NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "training_registrations_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "training_registrations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "training_topics" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"shared" boolean DEFAULT false NOT NULL,
	"objectives" text[] DEFAULT '{}'::text[] NOT NULL,
	"competency_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_topics_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "training_topics_id_key" UNIQUE("id")
);
--> statement-breakpoint
ALTER TABLE "training_topics" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "training_sessions" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"topic_id" uuid NOT NULL,
	"kind" "training_session_kind" NOT NULL,
	"title" text NOT NULL,
	"shared" boolean DEFAULT false NOT NULL,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"time_zone" text DEFAULT 'America/New_York' NOT NULL,
	"speaker" text,
	"capacity" integer,
	"join_url" text,
	"video_url" text,
	"duration_minutes" integer,
	"min_minutes" integer,
	"pass_mark" integer,
	"max_attempts" integer,
	"content" jsonb,
	"attestation_token" text NOT NULL,
	"attestation_closes_at" timestamp with time zone NOT NULL,
	"attestation_statement" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_sessions_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "training_sessions_id_key" UNIQUE("id")
);
--> statement-breakpoint
ALTER TABLE "training_sessions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "training_attendance" ADD CONSTRAINT "training_attendance_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_attendance" ADD CONSTRAINT "training_attendance_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_attendance" ADD CONSTRAINT "training_attendance_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_attestations" ADD CONSTRAINT "training_attestations_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_attestations" ADD CONSTRAINT "training_attestations_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_attestations" ADD CONSTRAINT "training_attestations_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competencies" ADD CONSTRAINT "competencies_framework_id_competency_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."competency_frameworks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_frameworks" ADD CONSTRAINT "competency_frameworks_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_completions" ADD CONSTRAINT "training_completions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_completions" ADD CONSTRAINT "training_completions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_completions" ADD CONSTRAINT "training_completions_topic_id_training_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."training_topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_completions" ADD CONSTRAINT "training_completions_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_curricula" ADD CONSTRAINT "training_curricula_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_modules" ADD CONSTRAINT "training_modules_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_modules" ADD CONSTRAINT "training_modules_curriculum_id_training_curricula_id_fk" FOREIGN KEY ("curriculum_id") REFERENCES "public"."training_curricula"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_registrations" ADD CONSTRAINT "training_registrations_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_registrations" ADD CONSTRAINT "training_registrations_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_registrations" ADD CONSTRAINT "training_registrations_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_topics" ADD CONSTRAINT "training_topics_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_topic_id_training_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."training_topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "training_attendance_session_idx" ON "training_attendance" USING btree ("session_id","person_id");--> statement-breakpoint
CREATE INDEX "training_attendance_person_idx" ON "training_attendance" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_attestations_person_key" ON "training_attestations" USING btree ("session_id","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "competencies_framework_code_key" ON "competencies" USING btree ("framework_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "competency_frameworks_code_key" ON "competency_frameworks" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "training_completions_certificate_key" ON "training_completions" USING btree ("certificate_code");--> statement-breakpoint
CREATE UNIQUE INDEX "training_completions_session_key" ON "training_completions" USING btree ("session_id","person_id");--> statement-breakpoint
CREATE INDEX "training_completions_person_idx" ON "training_completions" USING btree ("person_id","topic_id");--> statement-breakpoint
CREATE INDEX "training_modules_curriculum_idx" ON "training_modules" USING btree ("curriculum_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "training_registrations_person_key" ON "training_registrations" USING btree ("org_id","session_id","person_id");--> statement-breakpoint
CREATE INDEX "training_registrations_person_idx" ON "training_registrations" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_topics_code_key" ON "training_topics" USING btree ("org_id",lower("code"));--> statement-breakpoint
CREATE UNIQUE INDEX "training_sessions_attestation_key" ON "training_sessions" USING btree ("attestation_token");--> statement-breakpoint
CREATE INDEX "training_sessions_topic_idx" ON "training_sessions" USING btree ("topic_id");--> statement-breakpoint
CREATE INDEX "training_sessions_starts_idx" ON "training_sessions" USING btree ("starts_at");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "training_attendance" AS PERMISSIVE FOR ALL TO public USING ("training_attendance"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "training_attendance"."person_id" = (nullif(current_setting('concord.person_id', true), '')::uuid)) WITH CHECK ("training_attendance"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "training_attendance"."person_id" = (nullif(current_setting('concord.person_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "training_attestations" AS PERMISSIVE FOR ALL TO public USING ("training_attestations"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "training_attestations"."person_id" = (nullif(current_setting('concord.person_id', true), '')::uuid)) WITH CHECK ("training_attestations"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "training_attestations"."person_id" = (nullif(current_setting('concord.person_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "competency_frameworks" AS PERMISSIVE FOR ALL TO public USING ("competency_frameworks"."org_id" IS NULL OR "competency_frameworks"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR EXISTS (SELECT 1 FROM org_relationships rel WHERE (rel.org_id = "competency_frameworks"."org_id" AND rel.other_org_id = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) OR (rel.other_org_id = "competency_frameworks"."org_id" AND rel.org_id = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])))) WITH CHECK ("competency_frameworks"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "training_completions" AS PERMISSIVE FOR ALL TO public USING ("training_completions"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "training_completions"."person_id" = (nullif(current_setting('concord.person_id', true), '')::uuid) OR EXISTS (SELECT 1 FROM person_roles r WHERE r.person_id = "training_completions"."person_id" AND r.org_id = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]))) WITH CHECK ("training_completions"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "training_completions"."person_id" = (nullif(current_setting('concord.person_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "training_curricula" AS PERMISSIVE FOR ALL TO public USING ("training_curricula"."shared" OR "training_curricula"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR EXISTS (SELECT 1 FROM org_relationships rel WHERE (rel.org_id = "training_curricula"."org_id" AND rel.other_org_id = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) OR (rel.other_org_id = "training_curricula"."org_id" AND rel.org_id = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])))) WITH CHECK ("training_curricula"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "training_modules" AS PERMISSIVE FOR ALL TO public USING ("training_modules"."shared" OR "training_modules"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR EXISTS (SELECT 1 FROM org_relationships rel WHERE (rel.org_id = "training_modules"."org_id" AND rel.other_org_id = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) OR (rel.other_org_id = "training_modules"."org_id" AND rel.org_id = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])))) WITH CHECK ("training_modules"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "training_registrations" AS PERMISSIVE FOR ALL TO public USING ("training_registrations"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "training_registrations"."person_id" = (nullif(current_setting('concord.person_id', true), '')::uuid)) WITH CHECK ("training_registrations"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "training_registrations"."person_id" = (nullif(current_setting('concord.person_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "training_topics" AS PERMISSIVE FOR ALL TO public USING ("training_topics"."shared" OR "training_topics"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR EXISTS (SELECT 1 FROM org_relationships rel WHERE (rel.org_id = "training_topics"."org_id" AND rel.other_org_id = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) OR (rel.other_org_id = "training_topics"."org_id" AND rel.org_id = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])))) WITH CHECK ("training_topics"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "training_sessions" AS PERMISSIVE FOR ALL TO public USING ("training_sessions"."shared" OR "training_sessions"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR EXISTS (SELECT 1 FROM org_relationships rel WHERE (rel.org_id = "training_sessions"."org_id" AND rel.other_org_id = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) OR (rel.other_org_id = "training_sessions"."org_id" AND rel.org_id = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])))) WITH CHECK ("training_sessions"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));