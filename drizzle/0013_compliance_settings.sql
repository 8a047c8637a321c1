CREATE TABLE "compliance_settings" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"remind_days_before" integer[] DEFAULT '{14,3}'::int[] NOT NULL,
	"remind_on_due" boolean DEFAULT true NOT NULL,
	"escalate_after_days" integer DEFAULT 7 NOT NULL,
	"flag_after_days" integer DEFAULT 30 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "compliance_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "compliance_settings" ADD CONSTRAINT "compliance_settings_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "compliance_settings" AS PERMISSIVE FOR ALL TO public USING ("compliance_settings"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) WITH CHECK ("compliance_settings"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));