-- Care coordination (decision 050). Two enrollments of one enrollee in one program may not overlap: an
-- exclusion constraint on a date range, which needs equality on uuids and enums in a GiST index.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
-- The enrollees an organisation in the current scope is on the care team of today (Massachusetts), for
-- another organisation's record (its own records it sees anyway). The care tables' row-level security asks
-- it, so that a team's rows can decide who sees the team's rows: as the table owner, it reads
-- care_team_members without the policy reading its own table. PL/pgSQL so it may be made before that table
-- (the policies that call it are made with the tables, in the next migration); it reveals only ids of
-- enrollees the scope may see.
CREATE FUNCTION care_enrollees_on_team() RETURNS SETOF uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  RETURN QUERY
    SELECT DISTINCT m.enrollee_id FROM care_team_members m
    WHERE m.member_org_id = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])
      AND m.member_org_id <> m.org_id
      AND m.starts_on <= (now() AT TIME ZONE 'America/New_York')::date
      AND (m.ends_on IS NULL OR m.ends_on >= (now() AT TIME ZONE 'America/New_York')::date);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION care_enrollees_on_team() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION care_enrollees_on_team() TO concord_app;
