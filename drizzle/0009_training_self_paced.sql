CREATE TABLE "training_attempts" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"answers" jsonb NOT NULL,
	"score" integer NOT NULL,
	"passed" boolean NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_attempts_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "training_attempts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "training_module_progress" (
	"org_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"pages_viewed" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_module_progress_org_id_session_id_person_id_pk" PRIMARY KEY("org_id","session_id","person_id")
);
--> statement-breakpoint
ALTER TABLE "training_module_progress" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "training_attestations" ADD COLUMN "person_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "training_attempts" ADD CONSTRAINT "training_attempts_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_attempts" ADD CONSTRAINT "training_attempts_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_attempts" ADD CONSTRAINT "training_attempts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_module_progress" ADD CONSTRAINT "training_module_progress_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_module_progress" ADD CONSTRAINT "training_module_progress_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_module_progress" ADD CONSTRAINT "training_module_progress_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "training_attempts_number_key" ON "training_attempts" USING btree ("session_id","person_id","number");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "training_attempts" AS PERMISSIVE FOR ALL TO public USING ("training_attempts"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "training_attempts"."person_id" = (nullif(current_setting('concord.person_id', true), '')::uuid)) WITH CHECK ("training_attempts"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "training_attempts"."person_id" = (nullif(current_setting('concord.person_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "training_module_progress" AS PERMISSIVE FOR ALL TO public USING ("training_module_progress"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "training_module_progress"."person_id" = (nullif(current_setting('concord.person_id', true), '')::uuid)) WITH CHECK ("training_module_progress"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "training_module_progress"."person_id" = (nullif(current_setting('concord.person_id', true), '')::uuid));