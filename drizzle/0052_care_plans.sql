CREATE TABLE "care_plan_links" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"enrollee_id" uuid NOT NULL,
	"token_sha256" text NOT NULL,
	"recipient_name" text NOT NULL,
	"recipient_role" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_plan_links_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "care_plan_links" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "care_plan_signatures" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"enrollee_id" uuid NOT NULL,
	"step" text NOT NULL,
	"signer_name" text NOT NULL,
	"signer_role" text NOT NULL,
	"channel" text NOT NULL,
	"signed_on" date NOT NULL,
	"recorded_by" uuid,
	"link_id" uuid,
	"file_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_plan_signatures_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "care_plan_signatures_step" CHECK ("care_plan_signatures"."step" IN ('enrollee', 'pcp', 'clinical_review')),
	CONSTRAINT "care_plan_signatures_channel" CHECK ("care_plan_signatures"."channel" IN ('on_screen', 'uploaded', 'fax', 'link')),
	CONSTRAINT "care_plan_signatures_who" CHECK ("care_plan_signatures"."recorded_by" IS NOT NULL OR "care_plan_signatures"."link_id" IS NOT NULL),
	CONSTRAINT "care_plan_signatures_page" CHECK ("care_plan_signatures"."channel" NOT IN ('uploaded', 'fax') OR "care_plan_signatures"."file_id" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "care_plan_signatures" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "care_plans" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"enrollee_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"program" "care_program" NOT NULL,
	"number" integer NOT NULL,
	"previous_id" uuid,
	"addendum" boolean DEFAULT false NOT NULL,
	"major_change" boolean DEFAULT false NOT NULL,
	"assessment_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"content" jsonb NOT NULL,
	"written_by_org_id" uuid NOT NULL,
	"written_by" uuid NOT NULL,
	"clinical_review" boolean,
	"sent_on" date,
	"locked_at" timestamp with time zone,
	"pdf_file_id" uuid,
	"pdf_sha256" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_plans_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "care_plans_kind" CHECK ("care_plans"."kind" IN ('icp', 'pctp')),
	CONSTRAINT "care_plans_status" CHECK ("care_plans"."status" IN ('draft', 'in_sign_off', 'signed')),
	CONSTRAINT "care_plans_addendum_of" CHECK (NOT "care_plans"."addendum" OR "care_plans"."previous_id" IS NOT NULL),
	CONSTRAINT "care_plans_locked" CHECK (("care_plans"."status" = 'signed') = ("care_plans"."locked_at" IS NOT NULL AND "care_plans"."pdf_sha256" IS NOT NULL AND "care_plans"."pdf_file_id" IS NOT NULL)),
	CONSTRAINT "care_plans_sent" CHECK ("care_plans"."status" = 'draft' OR ("care_plans"."sent_on" IS NOT NULL AND "care_plans"."clinical_review" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "care_plans" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "care_assessments" ALTER COLUMN "rule_kind" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "care_rules" ALTER COLUMN "kind" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "care_plan_links" ADD CONSTRAINT "care_plan_links_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_plan_links" ADD CONSTRAINT "care_plan_links_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_plan_links" ADD CONSTRAINT "care_plan_links_plan_fk" FOREIGN KEY ("org_id","plan_id") REFERENCES "public"."care_plans"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_plan_signatures" ADD CONSTRAINT "care_plan_signatures_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_plan_signatures" ADD CONSTRAINT "care_plan_signatures_recorded_by_people_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_plan_signatures" ADD CONSTRAINT "care_plan_signatures_plan_fk" FOREIGN KEY ("org_id","plan_id") REFERENCES "public"."care_plans"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_plans" ADD CONSTRAINT "care_plans_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_plans" ADD CONSTRAINT "care_plans_written_by_org_id_organisations_id_fk" FOREIGN KEY ("written_by_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_plans" ADD CONSTRAINT "care_plans_written_by_people_id_fk" FOREIGN KEY ("written_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_plans" ADD CONSTRAINT "care_plans_enrollee_fk" FOREIGN KEY ("org_id","enrollee_id") REFERENCES "public"."care_enrollees"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_plans" ADD CONSTRAINT "care_plans_assessment_fk" FOREIGN KEY ("org_id","assessment_id") REFERENCES "public"."care_assessments"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_plans" ADD CONSTRAINT "care_plans_previous_fk" FOREIGN KEY ("org_id","previous_id") REFERENCES "public"."care_plans"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "care_plan_links_token_key" ON "care_plan_links" USING btree ("token_sha256");--> statement-breakpoint
CREATE INDEX "care_plan_links_plan_idx" ON "care_plan_links" USING btree ("org_id","plan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "care_plan_signatures_step_key" ON "care_plan_signatures" USING btree ("org_id","plan_id","step");--> statement-breakpoint
CREATE UNIQUE INDEX "care_plans_number_key" ON "care_plans" USING btree ("org_id","enrollee_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "care_plans_one_open_key" ON "care_plans" USING btree ("org_id","enrollee_id","kind") WHERE "care_plans"."status" <> 'signed';--> statement-breakpoint
ALTER TABLE "care_assessments" ADD CONSTRAINT "care_assessments_rule_kind" CHECK ("care_assessments"."rule_kind" IN ('initial_assessment', 'reassessment', 'major_change_reassessment', 'unreachable', 'cp_engagement', 'no_contact', 'plan_enrollee_signature', 'plan_pcp_approval', 'plan_clinical_review', 'plan_review', 'request_decision', 'appeal_filing', 'appeal_decision', 'next_level_request'));--> statement-breakpoint
ALTER TABLE "care_rules" ADD CONSTRAINT "care_rules_kind" CHECK ("care_rules"."kind" IN ('initial_assessment', 'reassessment', 'major_change_reassessment', 'unreachable', 'cp_engagement', 'no_contact', 'plan_enrollee_signature', 'plan_pcp_approval', 'plan_clinical_review', 'plan_review', 'request_decision', 'appeal_filing', 'appeal_decision', 'next_level_request'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "care_plan_links" AS PERMISSIVE FOR ALL TO public USING ("care_plan_links"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "care_plan_links"."enrollee_id" IN (SELECT care_enrollees_on_team())) WITH CHECK ("care_plan_links"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "care_plan_signatures" AS PERMISSIVE FOR ALL TO public USING ("care_plan_signatures"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "care_plan_signatures"."enrollee_id" IN (SELECT care_enrollees_on_team())) WITH CHECK ("care_plan_signatures"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "care_plan_signatures"."enrollee_id" IN (SELECT care_enrollees_on_team()));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "care_plans" AS PERMISSIVE FOR ALL TO public USING ("care_plans"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "care_plans"."enrollee_id" IN (SELECT care_enrollees_on_team())) WITH CHECK ("care_plans"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "care_plans"."enrollee_id" IN (SELECT care_enrollees_on_team()));--> statement-breakpoint
DROP TYPE "public"."care_rule_kind";--> statement-breakpoint
-- A signed care plan is locked: no change to its row, ever, and no removal (decision 058). Before that, what
-- the plan says changes only while it is a draft, so every signature is on the words it was sent with.
CREATE FUNCTION care_plans_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'care plan % has been sent for signatures and cannot be removed', OLD.id
        USING ERRCODE = '55000', CONSTRAINT = 'care_plans_locked_row';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.locked_at IS NOT NULL THEN
    RAISE EXCEPTION 'care plan % is signed and locked', OLD.id
      USING ERRCODE = '55000', CONSTRAINT = 'care_plans_locked_row';
  END IF;
  IF OLD.status <> 'draft' AND (NEW.content IS DISTINCT FROM OLD.content
      OR NEW.assessment_id IS DISTINCT FROM OLD.assessment_id) THEN
    RAISE EXCEPTION 'care plan % is out for signatures: its content cannot change', OLD.id
      USING ERRCODE = '55000', CONSTRAINT = 'care_plans_locked_row';
  END IF;
  IF NEW.org_id <> OLD.org_id OR NEW.id <> OLD.id OR NEW.enrollee_id <> OLD.enrollee_id
      OR NEW.number <> OLD.number OR NEW.kind <> OLD.kind THEN
    RAISE EXCEPTION 'care plan % keeps its enrollee, number and kind', OLD.id
      USING ERRCODE = '55000', CONSTRAINT = 'care_plans_locked_row';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER care_plans_guard BEFORE UPDATE OR DELETE ON care_plans
  FOR EACH ROW EXECUTE FUNCTION care_plans_guard();
--> statement-breakpoint
-- Signatures are kept as given: never changed or removed, and added only while their plan is out for signatures.
CREATE FUNCTION care_plan_signatures_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    RAISE EXCEPTION 'a care plan signature is never changed or removed'
      USING ERRCODE = '55000', CONSTRAINT = 'care_plans_locked_row';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM care_plans p WHERE p.org_id = NEW.org_id AND p.id = NEW.plan_id
      AND p.status = 'in_sign_off' AND p.locked_at IS NULL) THEN
    RAISE EXCEPTION 'care plan % is not out for signatures', NEW.plan_id
      USING ERRCODE = '55000', CONSTRAINT = 'care_plans_locked_row';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER care_plan_signatures_guard BEFORE INSERT OR UPDATE OR DELETE ON care_plan_signatures
  FOR EACH ROW EXECUTE FUNCTION care_plan_signatures_guard();
--> statement-breakpoint
CREATE INDEX care_plans_enrollee_idx ON care_plans (org_id, enrollee_id, number);
--> statement-breakpoint
-- A plan sent, signed or locked changes what is due for its enrollee: marked for the kept work queue items
-- (decision 055), as enrollments, assessments and contacts are.
CREATE TRIGGER care_due_mark_insert AFTER INSERT ON care_plans REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION care_due_mark();
--> statement-breakpoint
CREATE TRIGGER care_due_mark_update AFTER UPDATE ON care_plans
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION care_due_mark();
--> statement-breakpoint
CREATE TRIGGER care_due_mark_delete AFTER DELETE ON care_plans REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION care_due_mark();
--> statement-breakpoint
CREATE TRIGGER care_due_mark_insert AFTER INSERT ON care_plan_signatures REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION care_due_mark();
--> statement-breakpoint
-- Sign-off, review, service request and appeal deadlines join the catalogue (decision 058).
INSERT INTO care_rules (kind, program, version, effective_from, effective_to, parameters, source) VALUES
  ('plan_enrollee_signature', 'one_care', 1, '2013-10-01', NULL, '{"days":30}',
    'One Care three-way contract: care coordination and assessment duties'),
  ('plan_pcp_approval', 'one_care', 1, '2013-10-01', NULL, '{"days":30}',
    'One Care three-way contract: care coordination and assessment duties'),
  ('plan_clinical_review', 'one_care', 1, '2013-10-01', NULL, '{"days":14}',
    'One Care three-way contract: care coordination and assessment duties'),
  ('plan_review', 'one_care', 1, '2013-10-01', NULL, '{"months":12}',
    'One Care three-way contract: care coordination and assessment duties'),
  ('plan_enrollee_signature', 'aco', 1, '2018-03-01', NULL, '{"days":30}',
    'MassHealth ACO contract: care needs screening and care management'),
  ('plan_pcp_approval', 'aco', 1, '2018-03-01', NULL, '{"days":30}',
    'MassHealth ACO contract: care needs screening and care management'),
  ('plan_clinical_review', 'aco', 1, '2018-03-01', NULL, '{"days":14}',
    'MassHealth ACO contract: care needs screening and care management'),
  ('plan_review', 'aco', 1, '2018-03-01', NULL, '{"months":12}',
    'MassHealth ACO contract: care needs screening and care management'),
  ('plan_enrollee_signature', 'mco', 1, '2018-03-01', NULL, '{"days":30}',
    'MassHealth MCO contract: care needs screening and care management'),
  ('plan_pcp_approval', 'mco', 1, '2018-03-01', NULL, '{"days":30}',
    'MassHealth MCO contract: care needs screening and care management'),
  ('plan_clinical_review', 'mco', 1, '2018-03-01', NULL, '{"days":14}',
    'MassHealth MCO contract: care needs screening and care management'),
  ('plan_review', 'mco', 1, '2018-03-01', NULL, '{"months":12}',
    'MassHealth MCO contract: care needs screening and care management'),
  ('plan_enrollee_signature', 'cp', 1, '2018-06-01', NULL, '{"days":30}',
    'MassHealth Community Partners program: outreach and engagement of assigned members'),
  ('plan_pcp_approval', 'cp', 1, '2018-06-01', NULL, '{"days":30}',
    'MassHealth Community Partners program: outreach and engagement of assigned members'),
  ('plan_clinical_review', 'cp', 1, '2018-06-01', NULL, '{"days":14}',
    'MassHealth Community Partners program: outreach and engagement of assigned members'),
  ('plan_review', 'cp', 1, '2018-06-01', NULL, '{"months":12}',
    'MassHealth Community Partners program: outreach and engagement of assigned members'),
  ('request_decision', 'one_care', 1, '2013-10-01', '2025-12-31', '{"standardDays":14,"expeditedHours":72}',
    'One Care three-way contract: care coordination and assessment duties'),
  ('request_decision', 'one_care', 2, '2026-01-01', NULL, '{"standardDays":7,"expeditedHours":72}',
    'CMS interoperability and prior authorization rule (CMS-0057-F): standard decisions within 7 calendar days from 2026'),
  ('appeal_filing', 'one_care', 1, '2013-10-01', NULL, '{"days":60,"continuationDays":10}',
    'Medicare-Medicaid and MassHealth managed care appeal rules (42 CFR 438 subpart F, 42 CFR 422 subpart M)'),
  ('appeal_decision', 'one_care', 1, '2013-10-01', NULL, '{"standardDays":30,"expeditedHours":72}',
    'Medicare-Medicaid and MassHealth managed care appeal rules (42 CFR 438 subpart F, 42 CFR 422 subpart M)'),
  ('next_level_request', 'one_care', 1, '2013-10-01', NULL, '{"days":120}',
    'Medicare-Medicaid and MassHealth managed care appeal rules (42 CFR 438 subpart F, 42 CFR 422 subpart M)'),
  ('request_decision', 'aco', 1, '2018-03-01', '2025-12-31', '{"standardDays":14,"expeditedHours":72}',
    'MassHealth ACO contract: care needs screening and care management'),
  ('request_decision', 'aco', 2, '2026-01-01', NULL, '{"standardDays":7,"expeditedHours":72}',
    'CMS interoperability and prior authorization rule (CMS-0057-F): standard decisions within 7 calendar days from 2026'),
  ('appeal_filing', 'aco', 1, '2018-03-01', NULL, '{"days":60,"continuationDays":10}',
    'Medicare-Medicaid and MassHealth managed care appeal rules (42 CFR 438 subpart F, 42 CFR 422 subpart M)'),
  ('appeal_decision', 'aco', 1, '2018-03-01', NULL, '{"standardDays":30,"expeditedHours":72}',
    'Medicare-Medicaid and MassHealth managed care appeal rules (42 CFR 438 subpart F, 42 CFR 422 subpart M)'),
  ('next_level_request', 'aco', 1, '2018-03-01', NULL, '{"days":120}',
    'Medicare-Medicaid and MassHealth managed care appeal rules (42 CFR 438 subpart F, 42 CFR 422 subpart M)'),
  ('request_decision', 'mco', 1, '2018-03-01', '2025-12-31', '{"standardDays":14,"expeditedHours":72}',
    'MassHealth MCO contract: care needs screening and care management'),
  ('request_decision', 'mco', 2, '2026-01-01', NULL, '{"standardDays":7,"expeditedHours":72}',
    'CMS interoperability and prior authorization rule (CMS-0057-F): standard decisions within 7 calendar days from 2026'),
  ('appeal_filing', 'mco', 1, '2018-03-01', NULL, '{"days":60,"continuationDays":10}',
    'Medicare-Medicaid and MassHealth managed care appeal rules (42 CFR 438 subpart F, 42 CFR 422 subpart M)'),
  ('appeal_decision', 'mco', 1, '2018-03-01', NULL, '{"standardDays":30,"expeditedHours":72}',
    'Medicare-Medicaid and MassHealth managed care appeal rules (42 CFR 438 subpart F, 42 CFR 422 subpart M)'),
  ('next_level_request', 'mco', 1, '2018-03-01', NULL, '{"days":120}',
    'Medicare-Medicaid and MassHealth managed care appeal rules (42 CFR 438 subpart F, 42 CFR 422 subpart M)'),
  ('request_decision', 'cp', 1, '2018-06-01', '2025-12-31', '{"standardDays":14,"expeditedHours":72}',
    'MassHealth Community Partners program: outreach and engagement of assigned members'),
  ('request_decision', 'cp', 2, '2026-01-01', NULL, '{"standardDays":7,"expeditedHours":72}',
    'CMS interoperability and prior authorization rule (CMS-0057-F): standard decisions within 7 calendar days from 2026'),
  ('appeal_filing', 'cp', 1, '2018-06-01', NULL, '{"days":60,"continuationDays":10}',
    'Medicare-Medicaid and MassHealth managed care appeal rules (42 CFR 438 subpart F, 42 CFR 422 subpart M)'),
  ('appeal_decision', 'cp', 1, '2018-06-01', NULL, '{"standardDays":30,"expeditedHours":72}',
    'Medicare-Medicaid and MassHealth managed care appeal rules (42 CFR 438 subpart F, 42 CFR 422 subpart M)'),
  ('next_level_request', 'cp', 1, '2018-06-01', NULL, '{"days":120}',
    'Medicare-Medicaid and MassHealth managed care appeal rules (42 CFR 438 subpart F, 42 CFR 422 subpart M)');
