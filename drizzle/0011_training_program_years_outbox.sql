CREATE TYPE "public"."outbox_status" AS ENUM('queued', 'sent', 'failed');--> statement-breakpoint
CREATE TABLE "training_program_years" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"assessment" text,
	"focus" text,
	"curriculum_id" uuid,
	"topic_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"competency_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"mailbox" text[] DEFAULT '{}'::text[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_program_years_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "training_program_years_id_key" UNIQUE("id")
);
--> statement-breakpoint
ALTER TABLE "training_program_years" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"to_address" text NOT NULL,
	"to_name" text,
	"person_id" uuid,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" uuid,
	"status" "outbox_status" DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "outbox_messages_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "outbox_messages" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "training_completions" ADD COLUMN "corrections" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD COLUMN "program_year_id" uuid;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD COLUMN "announced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD COLUMN "source_session_id" uuid;--> statement-breakpoint
ALTER TABLE "training_program_years" ADD CONSTRAINT "training_program_years_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_program_years" ADD CONSTRAINT "training_program_years_curriculum_id_training_curricula_id_fk" FOREIGN KEY ("curriculum_id") REFERENCES "public"."training_curricula"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "training_program_years_title_key" ON "training_program_years" USING btree ("org_id",lower("title"));--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_messages_key" ON "outbox_messages" USING btree ("org_id","key");--> statement-breakpoint
CREATE INDEX "outbox_messages_entity_idx" ON "outbox_messages" USING btree ("org_id","entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "outbox_messages_person_idx" ON "outbox_messages" USING btree ("org_id","person_id");--> statement-breakpoint
CREATE INDEX "outbox_messages_queued_idx" ON "outbox_messages" USING btree ("org_id","created_at") WHERE status = 'queued';--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_program_year_id_training_program_years_id_fk" FOREIGN KEY ("program_year_id") REFERENCES "public"."training_program_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_source_session_id_training_sessions_id_fk" FOREIGN KEY ("source_session_id") REFERENCES "public"."training_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "training_sessions_year_idx" ON "training_sessions" USING btree ("program_year_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_sessions_recording_key" ON "training_sessions" USING btree ("source_session_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "training_program_years" AS PERMISSIVE FOR ALL TO public USING ("training_program_years"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) WITH CHECK ("training_program_years"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "outbox_messages" AS PERMISSIVE FOR ALL TO public USING ("outbox_messages"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) WITH CHECK ("outbox_messages"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));