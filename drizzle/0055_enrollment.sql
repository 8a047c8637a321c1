CREATE TABLE "enrollment_batch_rows" (
	"org_id" uuid NOT NULL,
	"batch_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"cells" jsonb NOT NULL,
	"medicaid_id" text,
	"date_of_birth" date,
	"action" text,
	"effective_on" date,
	"reason" text,
	"cp_pid" text,
	"cp_sl" text,
	"to_pid" text,
	"to_sl" text,
	"aco_pid" text,
	"aco_sl" text,
	"holder_org_id" uuid,
	"enrollee_id" uuid,
	"cp_org_id" uuid,
	"to_cp_org_id" uuid,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"ends_on" date,
	"end_reason" text,
	"starts_cp_org_id" uuid,
	"episode_starts_on" date,
	CONSTRAINT "enrollment_batch_rows_org_id_batch_id_row_number_pk" PRIMARY KEY("org_id","batch_id","row_number")
);
--> statement-breakpoint
ALTER TABLE "enrollment_batch_rows" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "enrollment_batches" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"content_sha256" text,
	"check_only" boolean DEFAULT false NOT NULL,
	"outcome" text DEFAULT 'running' NOT NULL,
	"message" text,
	"rows" integer DEFAULT 0 NOT NULL,
	"refused_rows" integer DEFAULT 0 NOT NULL,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" uuid,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "enrollment_batches_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "enrollment_batches_outcome_known" CHECK ("enrollment_batches"."outcome" IN ('running', 'applied', 'checked', 'rejected', 'refused', 'stopped'))
);
--> statement-breakpoint
ALTER TABLE "enrollment_batches" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "enrollment_cp_capacity" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"confirmed" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrollment_cp_capacity_confirmed" CHECK ("enrollment_cp_capacity"."confirmed" >= 0)
);
--> statement-breakpoint
ALTER TABLE "enrollment_cp_capacity" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "enrollment_provider_ids" (
	"org_id" uuid NOT NULL,
	"pid" text NOT NULL,
	"service_location" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrollment_provider_ids_pid_service_location_pk" PRIMARY KEY("pid","service_location"),
	CONSTRAINT "enrollment_provider_ids_pid_format" CHECK ("enrollment_provider_ids"."pid" ~ '^[0-9]{9}$'),
	CONSTRAINT "enrollment_provider_ids_sl_format" CHECK ("enrollment_provider_ids"."service_location" ~ '^[A-Z]$')
);
--> statement-breakpoint
ALTER TABLE "enrollment_provider_ids" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "enrollment_spans" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"enrollee_id" uuid NOT NULL,
	"cp_org_id" uuid NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"end_reason" text,
	"episode_starts_on" date NOT NULL,
	"start_batch_id" uuid,
	"end_batch_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrollment_spans_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "enrollment_spans_dates" CHECK ("enrollment_spans"."ends_on" IS NULL OR "enrollment_spans"."ends_on" >= "enrollment_spans"."starts_on"),
	CONSTRAINT "enrollment_spans_ended_why" CHECK (("enrollment_spans"."ends_on" IS NULL) = ("enrollment_spans"."end_reason" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "enrollment_spans" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "enrollment_batch_rows" ADD CONSTRAINT "enrollment_batch_rows_batch_fk" FOREIGN KEY ("org_id","batch_id") REFERENCES "public"."enrollment_batches"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_batches" ADD CONSTRAINT "enrollment_batches_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_cp_capacity" ADD CONSTRAINT "enrollment_cp_capacity_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_provider_ids" ADD CONSTRAINT "enrollment_provider_ids_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_spans" ADD CONSTRAINT "enrollment_spans_cp_org_id_organisations_id_fk" FOREIGN KEY ("cp_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_spans" ADD CONSTRAINT "enrollment_spans_enrollee_fk" FOREIGN KEY ("org_id","enrollee_id") REFERENCES "public"."care_enrollees"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enrollment_batch_rows_member_idx" ON "enrollment_batch_rows" USING btree ("batch_id","medicaid_id");--> statement-breakpoint
CREATE UNIQUE INDEX "enrollment_batches_id_key" ON "enrollment_batches" USING btree ("id");--> statement-breakpoint
CREATE INDEX "enrollment_batches_recent_idx" ON "enrollment_batches" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "enrollment_batches_applied_file_key" ON "enrollment_batches" USING btree ("org_id","file_sha256") WHERE "enrollment_batches"."outcome" = 'applied';--> statement-breakpoint
CREATE UNIQUE INDEX "enrollment_batches_applied_content_key" ON "enrollment_batches" USING btree ("org_id","content_sha256") WHERE "enrollment_batches"."outcome" = 'applied';--> statement-breakpoint
CREATE INDEX "enrollment_provider_ids_org_idx" ON "enrollment_provider_ids" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "enrollment_spans_enrollee_idx" ON "enrollment_spans" USING btree ("enrollee_id","starts_on");--> statement-breakpoint
CREATE INDEX "enrollment_spans_cp_open_idx" ON "enrollment_spans" USING btree ("cp_org_id") WHERE "enrollment_spans"."ends_on" IS NULL;--> statement-breakpoint
-- A state agency reads every member's enrollment and every batch (decision 061): true when the acting
-- organisation is one. Organisations are a directory every role reads.
CREATE FUNCTION enrollment_state_reader() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM organisations
    WHERE id = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])
      AND kind = 'state_agency'
  )
$$;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "enrollment_batch_rows" AS PERMISSIVE FOR ALL TO public USING ("enrollment_batch_rows"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR (SELECT enrollment_state_reader())) WITH CHECK ("enrollment_batch_rows"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "enrollment_batches" AS PERMISSIVE FOR ALL TO public USING ("enrollment_batches"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR (SELECT enrollment_state_reader())) WITH CHECK ("enrollment_batches"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "enrollment_cp_capacity" AS PERMISSIVE FOR ALL TO public USING (true) WITH CHECK ("enrollment_cp_capacity"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "enrollment_provider_ids" AS PERMISSIVE FOR ALL TO public USING (true) WITH CHECK ("enrollment_provider_ids"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "enrollment_spans" AS PERMISSIVE FOR ALL TO public USING ("enrollment_spans"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "enrollment_spans"."cp_org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR (SELECT enrollment_state_reader())) WITH CHECK ("enrollment_spans"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
-- One member's spans never overlap, whatever writes them (decision 061).
ALTER TABLE "enrollment_spans" ADD CONSTRAINT "enrollment_spans_no_overlap"
  EXCLUDE USING gist (enrollee_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&);
