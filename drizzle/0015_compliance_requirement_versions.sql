CREATE TABLE "compliance_requirement_versions" (
	"org_id" uuid NOT NULL,
	"requirement_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"effective_from" date NOT NULL,
	"definition" jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compliance_requirement_versions_org_id_requirement_id_version_pk" PRIMARY KEY("org_id","requirement_id","version")
);
--> statement-breakpoint
ALTER TABLE "compliance_requirement_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "compliance_requirements" ADD COLUMN "in_force_from" date DEFAULT current_date NOT NULL;--> statement-breakpoint
ALTER TABLE "compliance_requirement_versions" ADD CONSTRAINT "compliance_requirement_versions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "compliance_requirement_versions" AS PERMISSIVE FOR ALL TO public USING ("compliance_requirement_versions"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) WITH CHECK ("compliance_requirement_versions"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));--> statement-breakpoint
-- Requirements already defined are taken to have been in force, as they are now, since the day they were made.
UPDATE compliance_requirements SET in_force_from = (created_at AT TIME ZONE 'America/New_York')::date;
--> statement-breakpoint
INSERT INTO compliance_requirement_versions (org_id, requirement_id, version, effective_from, definition, recorded_at)
  SELECT r.org_id, r.id, r.version, r.in_force_from, to_jsonb(r), r.updated_at FROM compliance_requirements r;
--> statement-breakpoint
-- Each save of a requirement is a version: the first in force from its in-force day, each later one from the
-- day it is made (Massachusetts). A save that does not change the version number replaces that version.
CREATE FUNCTION compliance_keep_requirement_version() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO compliance_requirement_versions (org_id, requirement_id, version, effective_from, definition)
  VALUES (NEW.org_id, NEW.id, NEW.version,
    CASE WHEN TG_OP = 'INSERT' THEN NEW.in_force_from
      ELSE greatest(NEW.in_force_from, (now() AT TIME ZONE 'America/New_York')::date) END,
    to_jsonb(NEW))
  ON CONFLICT (org_id, requirement_id, version) DO UPDATE
    SET effective_from = excluded.effective_from, definition = excluded.definition, recorded_at = now();
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER compliance_keep_version AFTER INSERT OR UPDATE ON compliance_requirements
  FOR EACH ROW EXECUTE FUNCTION compliance_keep_requirement_version();
--> statement-breakpoint
-- An organisation's requirements as they stood on a day: for each, the latest version in effect by then.
CREATE FUNCTION compliance_requirements_on(org uuid, day date) RETURNS SETOF compliance_requirements
  LANGUAGE sql STABLE AS $$
    SELECT r.* FROM (
      SELECT DISTINCT ON (v.requirement_id) v.definition FROM compliance_requirement_versions v
      WHERE v.org_id = org AND v.effective_from <= day
      ORDER BY v.requirement_id, v.effective_from DESC, v.version DESC) d
    CROSS JOIN LATERAL jsonb_populate_record(null::compliance_requirements, d.definition) r
  $$;
