CREATE TABLE "training_viewings" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_beat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"beats" integer DEFAULT 0 NOT NULL,
	"credited_ms" integer DEFAULT 0 NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "training_viewings_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "training_viewings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "training_viewings" ADD CONSTRAINT "training_viewings_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_viewings" ADD CONSTRAINT "training_viewings_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_viewings" ADD CONSTRAINT "training_viewings_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "training_viewings_person_idx" ON "training_viewings" USING btree ("session_id","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_viewings_open_key" ON "training_viewings" USING btree ("session_id","person_id") WHERE "training_viewings"."ended_at" is null;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "training_viewings" AS PERMISSIVE FOR ALL TO public USING ("training_viewings"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "training_viewings"."person_id" = (nullif(current_setting('concord.person_id', true), '')::uuid)) WITH CHECK ("training_viewings"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "training_viewings"."person_id" = (nullif(current_setting('concord.person_id', true), '')::uuid));--> statement-breakpoint
ALTER POLICY "tenant_isolation" ON "training_completions" TO public USING ("training_completions"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "training_completions"."person_id" = (nullif(current_setting('concord.person_id', true), '')::uuid) OR (EXISTS (SELECT 1 FROM person_roles r WHERE r.person_id = "training_completions"."person_id" AND r.org_id = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) AND EXISTS (SELECT 1 FROM training_topics tp WHERE tp.id = "training_completions"."topic_id" AND (tp.shared OR tp.org_id = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]))))) WITH CHECK ("training_completions"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "training_completions"."person_id" = (nullif(current_setting('concord.person_id', true), '')::uuid));