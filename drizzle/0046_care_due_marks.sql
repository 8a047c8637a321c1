-- Kept work queue items (decision 055): a change to what an enrollee's clocks are computed from moves the
-- enrollee's care_due row on (made if missing), by statement, so a roster import or a bulk load marks each
-- enrollee once per statement. The function runs as the table owner: the application role reads the kept
-- rows through row-level security but never writes them.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON care_due FROM concord_app;
--> statement-breakpoint
CREATE FUNCTION care_due_mark() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO care_due (org_id, enrollee_id) SELECT DISTINCT org_id, enrollee_id FROM new_rows
      ORDER BY 1, 2 ON CONFLICT (org_id, enrollee_id) DO UPDATE SET changed = care_due.changed + 1;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO care_due (org_id, enrollee_id) SELECT DISTINCT org_id, enrollee_id FROM old_rows
      ORDER BY 1, 2 ON CONFLICT (org_id, enrollee_id) DO UPDATE SET changed = care_due.changed + 1;
  ELSE
    INSERT INTO care_due (org_id, enrollee_id)
      SELECT org_id, enrollee_id FROM new_rows UNION SELECT org_id, enrollee_id FROM old_rows
      ORDER BY 1, 2 ON CONFLICT (org_id, enrollee_id) DO UPDATE SET changed = care_due.changed + 1;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER care_due_mark_insert AFTER INSERT ON care_enrollments REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION care_due_mark();
--> statement-breakpoint
CREATE TRIGGER care_due_mark_update AFTER UPDATE ON care_enrollments
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION care_due_mark();
--> statement-breakpoint
CREATE TRIGGER care_due_mark_delete AFTER DELETE ON care_enrollments REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION care_due_mark();
--> statement-breakpoint
CREATE TRIGGER care_due_mark_insert AFTER INSERT ON care_assessments REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION care_due_mark();
--> statement-breakpoint
CREATE TRIGGER care_due_mark_update AFTER UPDATE ON care_assessments
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION care_due_mark();
--> statement-breakpoint
CREATE TRIGGER care_due_mark_delete AFTER DELETE ON care_assessments REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION care_due_mark();
--> statement-breakpoint
CREATE TRIGGER care_due_mark_insert AFTER INSERT ON care_major_changes REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION care_due_mark();
--> statement-breakpoint
CREATE TRIGGER care_due_mark_update AFTER UPDATE ON care_major_changes
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION care_due_mark();
--> statement-breakpoint
CREATE TRIGGER care_due_mark_delete AFTER DELETE ON care_major_changes REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION care_due_mark();
--> statement-breakpoint
CREATE TRIGGER care_due_mark_insert AFTER INSERT ON care_contacts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION care_due_mark();
--> statement-breakpoint
CREATE TRIGGER care_due_mark_update AFTER UPDATE ON care_contacts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION care_due_mark();
--> statement-breakpoint
CREATE TRIGGER care_due_mark_delete AFTER DELETE ON care_contacts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION care_due_mark();
--> statement-breakpoint
-- The rule catalogue (written by migrations) changes every enrollee's clocks.
CREATE FUNCTION care_due_mark_all() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  UPDATE care_due SET changed = changed + 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER care_due_mark_rules AFTER INSERT OR UPDATE OR DELETE ON care_rules
  FOR EACH STATEMENT EXECUTE FUNCTION care_due_mark_all();
