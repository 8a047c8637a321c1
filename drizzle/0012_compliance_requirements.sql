CREATE TYPE "public"."requirement_recurrence" AS ENUM('once', 'every_months', 'program_year');--> statement-breakpoint
CREATE TYPE "public"."requirement_scope" AS ENUM('organisation', 'network');--> statement-breakpoint
CREATE TYPE "public"."requirement_trigger" AS ENUM('role_start', 'contract_start', 'fixed_date');--> statement-breakpoint
CREATE TYPE "public"."requirement_what" AS ENUM('topics', 'qualification');--> statement-breakpoint
CREATE TABLE "compliance_exemptions" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"requirement_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"starts_on" date NOT NULL,
	"until" date,
	"approved_by" uuid,
	"approved_by_name" text NOT NULL,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compliance_exemptions_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "compliance_exemptions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "compliance_requirements" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"what" "requirement_what" NOT NULL,
	"topic_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"all_topics" boolean DEFAULT false NOT NULL,
	"qualification_name" text,
	"scope" "requirement_scope" NOT NULL,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"person_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"program" text,
	"trigger" "requirement_trigger" NOT NULL,
	"fixed_date" date,
	"due_within_days" integer NOT NULL,
	"recurrence" "requirement_recurrence" NOT NULL,
	"recurrence_months" integer,
	"program_year_start_month" integer,
	"grace_days" integer DEFAULT 0 NOT NULL,
	"due_soon_days" integer DEFAULT 30 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compliance_requirements_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "compliance_requirements_id_key" UNIQUE("id")
);
--> statement-breakpoint
ALTER TABLE "compliance_requirements" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "compliance_exemptions" ADD CONSTRAINT "compliance_exemptions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_exemptions" ADD CONSTRAINT "compliance_exemptions_requirement_id_compliance_requirements_id_fk" FOREIGN KEY ("requirement_id") REFERENCES "public"."compliance_requirements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_requirements" ADD CONSTRAINT "compliance_requirements_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "compliance_exemptions_person_idx" ON "compliance_exemptions" USING btree ("org_id","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "compliance_requirements_code_key" ON "compliance_requirements" USING btree ("org_id",lower("code"));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "compliance_exemptions" AS PERMISSIVE FOR ALL TO public USING ("compliance_exemptions"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) WITH CHECK ("compliance_exemptions"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "compliance_requirements" AS PERMISSIVE FOR ALL TO public USING ("compliance_requirements"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) WITH CHECK ("compliance_requirements"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));