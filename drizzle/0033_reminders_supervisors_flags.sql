CREATE TABLE "compliance_flags" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"requirement_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"flagged_on" date NOT NULL,
	"cleared_at" timestamp with time zone,
	"cleared_by" uuid,
	"cleared_by_name" text,
	"clear_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compliance_flags_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "compliance_flags" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "compliance_officer_notices" (
	"org_id" uuid NOT NULL,
	"key" text NOT NULL,
	"stage" text NOT NULL,
	"requirement_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"days_late" integer NOT NULL,
	"line" text NOT NULL,
	"noticed_on" date NOT NULL,
	"digested_on" date,
	CONSTRAINT "compliance_officer_notices_org_id_key_pk" PRIMARY KEY("org_id","key")
);
--> statement-breakpoint
ALTER TABLE "compliance_officer_notices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "compliance_settings" ADD COLUMN "repeat_overdue_days" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "people_import_rows" ADD COLUMN "supervisor_email" text;--> statement-breakpoint
ALTER TABLE "person_org_details" ADD COLUMN "supervisor_id" uuid;--> statement-breakpoint
ALTER TABLE "compliance_flags" ADD CONSTRAINT "compliance_flags_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_officer_notices" ADD CONSTRAINT "compliance_officer_notices_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "compliance_flags_key" ON "compliance_flags" USING btree ("org_id","requirement_id","person_id","due_on");--> statement-breakpoint
CREATE INDEX "compliance_flags_open_idx" ON "compliance_flags" USING btree ("org_id","flagged_on") WHERE cleared_at is null;--> statement-breakpoint
CREATE INDEX "compliance_officer_notices_pending_idx" ON "compliance_officer_notices" USING btree ("org_id") WHERE digested_on is null;--> statement-breakpoint
ALTER TABLE "person_org_details" ADD CONSTRAINT "person_org_details_supervisor_id_people_id_fk" FOREIGN KEY ("supervisor_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "compliance_flags" AS PERMISSIVE FOR ALL TO public USING ("compliance_flags"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) WITH CHECK ("compliance_flags"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "compliance_officer_notices" AS PERMISSIVE FOR ALL TO public USING ("compliance_officer_notices"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) WITH CHECK ("compliance_officer_notices"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));