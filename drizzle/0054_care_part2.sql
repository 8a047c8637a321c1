CREATE TABLE "care_counseling_notes" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"enrollee_id" uuid NOT NULL,
	"part2_org_id" uuid NOT NULL,
	"body" text NOT NULL,
	"written_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_counseling_notes_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "care_counseling_notes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "care_part2_consents" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"enrollee_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"program_org_id" uuid NOT NULL,
	"recipient_org_ids" uuid[] NOT NULL,
	"signed_on" date NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"note" text,
	"recorded_by" uuid NOT NULL,
	"revoked_at" timestamp with time zone,
	"revocation_received_on" date,
	"revocation_channel" text,
	"revocation_note" text,
	"revoked_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_part2_consents_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "care_part2_consents_scope" CHECK ("care_part2_consents"."scope" IN ('tpo', 'counseling_notes')),
	CONSTRAINT "care_part2_consents_recipients" CHECK (cardinality("care_part2_consents"."recipient_org_ids") BETWEEN 1 AND 20),
	CONSTRAINT "care_part2_consents_dates" CHECK ("care_part2_consents"."ends_on" IS NULL OR "care_part2_consents"."ends_on" >= "care_part2_consents"."starts_on"),
	CONSTRAINT "care_part2_consents_revocation" CHECK (("care_part2_consents"."revoked_at" IS NULL) = ("care_part2_consents"."revocation_received_on" IS NULL)
        AND ("care_part2_consents"."revoked_at" IS NULL) = ("care_part2_consents"."revocation_channel" IS NULL)
        AND ("care_part2_consents"."revoked_at" IS NULL) = ("care_part2_consents"."revoked_by" IS NULL)),
	CONSTRAINT "care_part2_consents_channel" CHECK ("care_part2_consents"."revocation_channel" IS NULL OR "care_part2_consents"."revocation_channel" IN ('letter', 'signed_form', 'fax', 'secure_message'))
);
--> statement-breakpoint
ALTER TABLE "care_part2_consents" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "care_assessments" ADD COLUMN "part2_org_id" uuid;--> statement-breakpoint
ALTER TABLE "care_contacts" ADD COLUMN "part2_org_id" uuid;--> statement-breakpoint
ALTER TABLE "care_plans" ADD COLUMN "part2_org_id" uuid;--> statement-breakpoint
ALTER TABLE "care_appeals" ADD COLUMN "part2_org_id" uuid;--> statement-breakpoint
ALTER TABLE "care_request_updates" ADD COLUMN "part2_org_id" uuid;--> statement-breakpoint
ALTER TABLE "care_service_requests" ADD COLUMN "part2_org_id" uuid;--> statement-breakpoint
ALTER TABLE "care_counseling_notes" ADD CONSTRAINT "care_counseling_notes_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_counseling_notes" ADD CONSTRAINT "care_counseling_notes_part2_org_id_organisations_id_fk" FOREIGN KEY ("part2_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_counseling_notes" ADD CONSTRAINT "care_counseling_notes_written_by_people_id_fk" FOREIGN KEY ("written_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_counseling_notes" ADD CONSTRAINT "care_counseling_notes_enrollee_fk" FOREIGN KEY ("org_id","enrollee_id") REFERENCES "public"."care_enrollees"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_part2_consents" ADD CONSTRAINT "care_part2_consents_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_part2_consents" ADD CONSTRAINT "care_part2_consents_program_org_id_organisations_id_fk" FOREIGN KEY ("program_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_part2_consents" ADD CONSTRAINT "care_part2_consents_recorded_by_people_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_part2_consents" ADD CONSTRAINT "care_part2_consents_revoked_by_people_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_part2_consents" ADD CONSTRAINT "care_part2_consents_enrollee_fk" FOREIGN KEY ("org_id","enrollee_id") REFERENCES "public"."care_enrollees"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "care_counseling_notes_enrollee_idx" ON "care_counseling_notes" USING btree ("enrollee_id","created_at");--> statement-breakpoint
CREATE INDEX "care_part2_consents_program_idx" ON "care_part2_consents" USING btree ("enrollee_id","program_org_id","scope");--> statement-breakpoint
ALTER TABLE "care_assessments" ADD CONSTRAINT "care_assessments_part2_org_id_organisations_id_fk" FOREIGN KEY ("part2_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_contacts" ADD CONSTRAINT "care_contacts_part2_org_id_organisations_id_fk" FOREIGN KEY ("part2_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_plans" ADD CONSTRAINT "care_plans_part2_org_id_organisations_id_fk" FOREIGN KEY ("part2_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_appeals" ADD CONSTRAINT "care_appeals_part2_org_id_organisations_id_fk" FOREIGN KEY ("part2_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_request_updates" ADD CONSTRAINT "care_request_updates_part2_org_id_organisations_id_fk" FOREIGN KEY ("part2_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_service_requests" ADD CONSTRAINT "care_service_requests_part2_org_id_organisations_id_fk" FOREIGN KEY ("part2_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- 42 CFR Part 2 (decision 060). Whether the organisations `readers` may see an enrollee's records that the Part 2
-- program `program` made, for `scope` ('tpo' or 'counseling_notes'): the program itself does; another
-- organisation only under a consent of that scope in force today (Massachusetts), not revoked, naming it. As the
-- table owner, it reads the consents without their own policy; it reveals one yes or no about a row the caller
-- already reaches.
CREATE FUNCTION care_part2_covers(enrollee uuid, program uuid, scope text, readers uuid[]) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT $2 = ANY ($4) OR EXISTS (
    SELECT 1 FROM care_part2_consents c
    WHERE c.enrollee_id = $1 AND c.program_org_id = $2 AND c.scope = $3
      AND c.recipient_org_ids && $4
      AND c.revoked_at IS NULL
      AND c.starts_on <= (now() AT TIME ZONE 'America/New_York')::date
      AND (c.ends_on IS NULL OR c.ends_on >= (now() AT TIME ZONE 'America/New_York')::date))
$$;
--> statement-breakpoint
-- The same for the organisations of the current scope: what the policies ask.
CREATE FUNCTION care_part2_sees(enrollee uuid, program uuid, scope text) RETURNS boolean
  LANGUAGE sql STABLE AS $$
  SELECT care_part2_covers($1, $2, $3, string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])
$$;
--> statement-breakpoint
-- Whether the enrollee has tagged records (not counseling notes, which are apart) that the current scope is not
-- covered for: the page says something is hidden, never what or how much.
CREATE FUNCTION care_part2_hidden(enrollee uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT EXISTS (
    SELECT 1 FROM (
      SELECT enrollee_id, part2_org_id FROM care_contacts WHERE enrollee_id = $1 AND part2_org_id IS NOT NULL
      UNION SELECT enrollee_id, part2_org_id FROM care_assessments WHERE enrollee_id = $1 AND part2_org_id IS NOT NULL
      UNION SELECT enrollee_id, part2_org_id FROM care_plans WHERE enrollee_id = $1 AND part2_org_id IS NOT NULL
      UNION SELECT enrollee_id, part2_org_id FROM care_service_requests WHERE enrollee_id = $1 AND part2_org_id IS NOT NULL
    ) t
    WHERE NOT care_part2_sees(t.enrollee_id, t.part2_org_id, 'tpo'))
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION care_part2_covers(uuid, uuid, text, uuid[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION care_part2_covers(uuid, uuid, text, uuid[]) TO concord_app;
--> statement-breakpoint
REVOKE ALL ON FUNCTION care_part2_hidden(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION care_part2_hidden(uuid) TO concord_app;
--> statement-breakpoint
CREATE POLICY "part2_consent" ON "care_assessments" AS RESTRICTIVE FOR ALL TO public USING ("care_assessments"."part2_org_id" IS NULL OR care_part2_sees("care_assessments"."enrollee_id", "care_assessments"."part2_org_id", 'tpo'));--> statement-breakpoint
CREATE POLICY "part2_consent" ON "care_contacts" AS RESTRICTIVE FOR ALL TO public USING ("care_contacts"."part2_org_id" IS NULL OR care_part2_sees("care_contacts"."enrollee_id", "care_contacts"."part2_org_id", 'tpo'));--> statement-breakpoint
CREATE POLICY "part2_consent" ON "care_plans" AS RESTRICTIVE FOR ALL TO public USING ("care_plans"."part2_org_id" IS NULL OR care_part2_sees("care_plans"."enrollee_id", "care_plans"."part2_org_id", 'tpo'));--> statement-breakpoint
CREATE POLICY "part2_consent" ON "care_appeals" AS RESTRICTIVE FOR ALL TO public USING ("care_appeals"."part2_org_id" IS NULL OR care_part2_sees("care_appeals"."enrollee_id", "care_appeals"."part2_org_id", 'tpo'));--> statement-breakpoint
CREATE POLICY "part2_consent" ON "care_request_updates" AS RESTRICTIVE FOR ALL TO public USING ("care_request_updates"."part2_org_id" IS NULL OR care_part2_sees("care_request_updates"."enrollee_id", "care_request_updates"."part2_org_id", 'tpo'));--> statement-breakpoint
CREATE POLICY "part2_consent" ON "care_service_requests" AS RESTRICTIVE FOR ALL TO public USING ("care_service_requests"."part2_org_id" IS NULL OR care_part2_sees("care_service_requests"."enrollee_id", "care_service_requests"."part2_org_id", 'tpo'));--> statement-breakpoint
CREATE POLICY "counseling_note_read" ON "care_counseling_notes" AS PERMISSIVE FOR SELECT TO public USING (care_part2_sees("care_counseling_notes"."enrollee_id", "care_counseling_notes"."part2_org_id", 'counseling_notes'));--> statement-breakpoint
CREATE POLICY "counseling_note_write" ON "care_counseling_notes" AS PERMISSIVE FOR INSERT TO public WITH CHECK ("care_counseling_notes"."part2_org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "part2_consent_read" ON "care_part2_consents" AS PERMISSIVE FOR SELECT TO public USING ("care_part2_consents"."program_org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "care_part2_consents"."recipient_org_ids" && (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "part2_consent_write" ON "care_part2_consents" AS PERMISSIVE FOR INSERT TO public WITH CHECK ("care_part2_consents"."program_org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "part2_consent_revoke" ON "care_part2_consents" AS PERMISSIVE FOR UPDATE TO public USING ("care_part2_consents"."program_org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) WITH CHECK ("care_part2_consents"."program_org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));