CREATE TABLE "compliance_changes" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "compliance_changes_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"person_id" uuid,
	"org_id" uuid,
	"requirement_id" uuid
);
--> statement-breakpoint
ALTER TABLE "compliance_changes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "compliance_status_snapshots" (
	"org_id" uuid NOT NULL,
	"day" date NOT NULL,
	"summary" jsonb NOT NULL,
	CONSTRAINT "compliance_status_snapshots_org_id_day_pk" PRIMARY KEY("org_id","day")
);
--> statement-breakpoint
ALTER TABLE "compliance_status_snapshots" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "compliance_status_state" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"day" date NOT NULL,
	"snapshot" text NOT NULL,
	"summary" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "compliance_status_state" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "compliance_statuses" (
	"org_id" uuid NOT NULL,
	"requirement_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"status" text NOT NULL,
	"due_on" date,
	"valid_until" date,
	"satisfied_by" uuid,
	"explanation" text NOT NULL,
	"changes_on" date,
	"roles" text[] NOT NULL,
	"org_ids" uuid[] NOT NULL,
	"teams" text[] NOT NULL,
	CONSTRAINT "compliance_statuses_org_id_requirement_id_person_id_pk" PRIMARY KEY("org_id","requirement_id","person_id")
);
--> statement-breakpoint
ALTER TABLE "compliance_statuses" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "compliance_status_snapshots" ADD CONSTRAINT "compliance_status_snapshots_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_status_state" ADD CONSTRAINT "compliance_status_state_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_statuses" ADD CONSTRAINT "compliance_statuses_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "compliance_statuses_person_idx" ON "compliance_statuses" USING btree ("org_id","person_id");--> statement-breakpoint
CREATE INDEX "compliance_statuses_changes_idx" ON "compliance_statuses" USING btree ("org_id","changes_on");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "compliance_changes" AS PERMISSIVE FOR ALL TO public USING ("compliance_changes"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) WITH CHECK ("compliance_changes"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "compliance_status_snapshots" AS PERMISSIVE FOR ALL TO public USING ("compliance_status_snapshots"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) WITH CHECK ("compliance_status_snapshots"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "compliance_status_state" AS PERMISSIVE FOR ALL TO public USING ("compliance_status_state"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) WITH CHECK ("compliance_status_state"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "compliance_statuses" AS PERMISSIVE FOR ALL TO public USING ("compliance_statuses"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) WITH CHECK ("compliance_statuses"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
-- What maintained compliance statuses depend on is marked in compliance_changes (decision 008), by statement
-- so that a bulk import marks each person once per statement. The functions run as the table owner: the
-- application role writes the data but cannot read or write the marks.
REVOKE ALL ON compliance_changes FROM concord_app;
--> statement-breakpoint
CREATE FUNCTION compliance_mark_people() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO compliance_changes (person_id) SELECT DISTINCT person_id FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO compliance_changes (person_id) SELECT DISTINCT person_id FROM old_rows;
  ELSE
    INSERT INTO compliance_changes (person_id) SELECT person_id FROM new_rows UNION SELECT person_id FROM old_rows;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER compliance_mark_insert AFTER INSERT ON training_completions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_people();
--> statement-breakpoint
CREATE TRIGGER compliance_mark_update AFTER UPDATE ON training_completions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_people();
--> statement-breakpoint
CREATE TRIGGER compliance_mark_delete AFTER DELETE ON training_completions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_people();
--> statement-breakpoint
CREATE TRIGGER compliance_mark_insert AFTER INSERT ON qualifications REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_people();
--> statement-breakpoint
CREATE TRIGGER compliance_mark_update AFTER UPDATE ON qualifications
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_people();
--> statement-breakpoint
CREATE TRIGGER compliance_mark_delete AFTER DELETE ON qualifications REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_people();
--> statement-breakpoint
CREATE TRIGGER compliance_mark_insert AFTER INSERT ON person_roles REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_people();
--> statement-breakpoint
CREATE TRIGGER compliance_mark_update AFTER UPDATE ON person_roles
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_people();
--> statement-breakpoint
CREATE TRIGGER compliance_mark_delete AFTER DELETE ON person_roles REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_people();
--> statement-breakpoint
CREATE TRIGGER compliance_mark_insert AFTER INSERT ON compliance_exemptions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_people();
--> statement-breakpoint
CREATE TRIGGER compliance_mark_update AFTER UPDATE ON compliance_exemptions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_people();
--> statement-breakpoint
CREATE TRIGGER compliance_mark_delete AFTER DELETE ON compliance_exemptions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_people();
--> statement-breakpoint
-- A network contract changes who both organisations' network requirements reach.
CREATE FUNCTION compliance_mark_contracts() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO compliance_changes (org_id)
      SELECT DISTINCT unnest(array[org_id, other_org_id]) FROM new_rows WHERE kind = 'network_contract';
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO compliance_changes (org_id)
      SELECT DISTINCT unnest(array[org_id, other_org_id]) FROM old_rows WHERE kind = 'network_contract';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER compliance_mark_insert AFTER INSERT ON org_relationships REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_contracts();
--> statement-breakpoint
CREATE TRIGGER compliance_mark_update AFTER UPDATE ON org_relationships
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_contracts();
--> statement-breakpoint
CREATE TRIGGER compliance_mark_delete AFTER DELETE ON org_relationships REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_contracts();
--> statement-breakpoint
CREATE FUNCTION compliance_mark_requirement() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO compliance_changes (org_id, requirement_id) VALUES (OLD.org_id, OLD.id);
  ELSE
    INSERT INTO compliance_changes (org_id, requirement_id) VALUES (NEW.org_id, NEW.id);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER compliance_mark_requirement AFTER INSERT OR UPDATE OR DELETE ON compliance_requirements
  FOR EACH ROW EXECUTE FUNCTION compliance_mark_requirement();
--> statement-breakpoint
-- Topic and organisation names appear in the explanations; renaming one is rare, so it marks everything.
CREATE FUNCTION compliance_mark_everything() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO compliance_changes DEFAULT VALUES;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER compliance_mark_rename AFTER UPDATE OF title ON training_topics
  FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title) EXECUTE FUNCTION compliance_mark_everything();
--> statement-breakpoint
CREATE TRIGGER compliance_mark_rename AFTER UPDATE OF name ON organisations
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION compliance_mark_everything();
