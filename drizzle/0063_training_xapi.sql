CREATE TYPE "public"."training_xapi_delivery_status" AS ENUM('waiting', 'sent', 'failed');--> statement-breakpoint
CREATE TYPE "public"."training_xapi_verb" AS ENUM('completed', 'voided');--> statement-breakpoint
CREATE TABLE "training_xapi_deliveries" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"completion_id" uuid NOT NULL,
	"verb" "training_xapi_verb" NOT NULL,
	"statement_id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"status" "training_xapi_delivery_status" DEFAULT 'waiting' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"lrs_status" integer,
	"error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_xapi_deliveries_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "training_xapi_deliveries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "training_xapi_settings" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"endpoint" text NOT NULL,
	"key" text NOT NULL,
	"secret" text NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "training_xapi_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "training_xapi_deliveries" ADD CONSTRAINT "training_xapi_deliveries_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_xapi_settings" ADD CONSTRAINT "training_xapi_settings_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "training_xapi_deliveries_statement_key" ON "training_xapi_deliveries" USING btree ("completion_id","verb");--> statement-breakpoint
CREATE INDEX "training_xapi_deliveries_status_idx" ON "training_xapi_deliveries" USING btree ("org_id","status","created_at");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "training_xapi_deliveries" AS PERMISSIVE FOR ALL TO public USING ("training_xapi_deliveries"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) WITH CHECK ("training_xapi_deliveries"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "training_xapi_settings" AS PERMISSIVE FOR ALL TO public USING ("training_xapi_settings"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) WITH CHECK ("training_xapi_settings"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
-- The secret is written by the application and read only by the delivery job, through the owner's connection
-- (decision 069): the application role cannot select it.
REVOKE SELECT ON training_xapi_settings FROM concord_app;
--> statement-breakpoint
GRANT SELECT (org_id, endpoint, key, enabled, version, updated_by, created_at, updated_at) ON training_xapi_settings TO concord_app;
--> statement-breakpoint
-- Every path that records or revokes a completion (by hand, a module, attendance, an import) queues its statement
-- in the same transaction, by statement, with one delivery job per organisation (decision 069). The function
-- runs as the table owner: the one who records a completion may not see the LRS settings or the jobs.
CREATE FUNCTION training_xapi_queue() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    WITH added AS (
      INSERT INTO training_xapi_deliveries (org_id, completion_id, verb)
        SELECT n.org_id, n.id, 'completed' FROM new_rows n
        JOIN training_xapi_settings s ON s.org_id = n.org_id AND s.enabled
        WHERE n.revoked_at IS NULL
        ON CONFLICT (completion_id, verb) DO NOTHING
        RETURNING org_id)
    INSERT INTO jobs (org_id, kind, payload, max_attempts)
      SELECT DISTINCT a.org_id, 'training.xapi.deliver', '{}'::jsonb, 10 FROM added a
      WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.org_id = a.org_id AND j.kind = 'training.xapi.deliver'
        AND j.status = 'queued');
  ELSE
    -- A revocation voids the statement only if one was queued for the completion.
    WITH added AS (
      INSERT INTO training_xapi_deliveries (org_id, completion_id, verb)
        SELECT n.org_id, n.id, 'voided' FROM new_rows n
        JOIN old_rows o ON o.org_id = n.org_id AND o.id = n.id
        JOIN training_xapi_settings s ON s.org_id = n.org_id AND s.enabled
        WHERE o.revoked_at IS NULL AND n.revoked_at IS NOT NULL
          AND EXISTS (SELECT 1 FROM training_xapi_deliveries d WHERE d.completion_id = n.id AND d.verb = 'completed')
        ON CONFLICT (completion_id, verb) DO NOTHING
        RETURNING org_id)
    INSERT INTO jobs (org_id, kind, payload, max_attempts)
      SELECT DISTINCT a.org_id, 'training.xapi.deliver', '{}'::jsonb, 10 FROM added a
      WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.org_id = a.org_id AND j.kind = 'training.xapi.deliver'
        AND j.status = 'queued');
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER training_xapi_queue_insert AFTER INSERT ON training_completions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION training_xapi_queue();
--> statement-breakpoint
CREATE TRIGGER training_xapi_queue_update AFTER UPDATE ON training_completions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION training_xapi_queue();
