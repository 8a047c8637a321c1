CREATE TABLE "care_due" (
	"org_id" uuid NOT NULL,
	"enrollee_id" uuid NOT NULL,
	"changed" integer DEFAULT 1 NOT NULL,
	"computed_change" integer,
	"computed_on" date,
	"items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"kinds" text[] DEFAULT '{}'::text[] NOT NULL,
	"overdue" boolean DEFAULT false NOT NULL,
	CONSTRAINT "care_due_org_id_enrollee_id_pk" PRIMARY KEY("org_id","enrollee_id")
);
--> statement-breakpoint
ALTER TABLE "care_due" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "care_due" ADD CONSTRAINT "care_due_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_due" ADD CONSTRAINT "care_due_enrollee_fk" FOREIGN KEY ("org_id","enrollee_id") REFERENCES "public"."care_enrollees"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "care_due" AS PERMISSIVE FOR ALL TO public USING ("care_due"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "care_due"."enrollee_id" IN (SELECT care_enrollees_on_team())) WITH CHECK ("care_due"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));