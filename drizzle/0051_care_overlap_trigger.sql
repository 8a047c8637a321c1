-- Enrollments that may not share a day (decision 057): checked by a statement-level trigger instead of the
-- GiST exclusion constraint, which cost about 2.6 s of the 8 s a 100,000-row roster took to insert. The
-- trigger locks each enrollee whose enrollments the statement wrote, so two transactions writing one
-- enrollee's enrollments take turns and the second sees the first's rows (READ COMMITTED: each statement
-- here reads afresh); then it looks, through the enrollee's btree index, for another enrollment of the same
-- coverage group whose dates meet a written one. An enrollee made by this same transaction is not locked:
-- no other transaction can see it, so none can write its enrollments (made here: its row's xmin is this
-- transaction and it was created at this transaction's start time, which no older row matches even after
-- the transaction counter wraps around). The same test spares the work queue marks of enrollees made here:
-- a refresh cannot have read them, and one that reads them after commit finds no kept row and computes it.
-- (A statement run inside a savepoint sees its own enrollees as older: locked and marked, as before.)
-- Every lookup here is by key, one written row at a time (LATERAL … LIMIT): the functions' plans are made
-- once per connection, often while the tables are small, and a sequential scan chosen then would be
-- repeated for every row of every later statement; `enable_seqscan = off` keeps them on the indexes.
-- Same SQLSTATE (exclusion_violation) and constraint name as before, so callers' messages are unchanged.
CREATE FUNCTION care_enrollments_no_overlap() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public SET enable_seqscan = off AS $$
DECLARE
  clash record;
  here xid := pg_current_xact_id()::xid;
BEGIN
  -- Under REPEATABLE READ the check below would read the snapshot from before the lock was waited for, and
  -- miss what the transaction that held it wrote. (SERIALIZABLE finds that conflict itself.)
  IF current_setting('transaction_isolation') = 'repeatable read' THEN
    RAISE EXCEPTION 'enrollments are written in READ COMMITTED or SERIALIZABLE transactions, not REPEATABLE READ'
      USING ERRCODE = 'feature_not_supported';
  END IF;
  -- Enrollees in key order, so two statements lock their common enrollees in the same order.
  PERFORM 1 FROM (SELECT DISTINCT n.org_id, n.enrollee_id FROM new_rows n ORDER BY 1, 2) n
    CROSS JOIN LATERAL (
      SELECT 1 FROM care_enrollees e WHERE e.org_id = n.org_id AND e.id = n.enrollee_id
        AND NOT (e.xmin = here AND e.created_at = now())
      FOR NO KEY UPDATE
    ) e;
  -- Each written row looks up its enrollee's enrollments by the index (LIMIT keeps the lookup per row).
  SELECT n.enrollee_id, n.program, n.effective_on, n.ends_on, r.program AS other_program,
      r.effective_on AS other_effective_on, r.ends_on AS other_ends_on
    INTO clash
    FROM new_rows n
      CROSS JOIN LATERAL (
        SELECT r.program, r.effective_on, r.ends_on FROM care_enrollments r
        WHERE r.org_id = n.org_id AND r.enrollee_id = n.enrollee_id AND r.id <> n.id
          AND (r.program = n.program OR (r.program <> 'cp' AND n.program <> 'cp'))
          AND r.effective_on <= coalesce(n.ends_on, 'infinity'::date)
          AND coalesce(r.ends_on, 'infinity'::date) >= n.effective_on
        LIMIT 1
      ) r
    LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'conflicting key value violates exclusion constraint "care_enrollments_no_overlap"'
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'care_enrollments_no_overlap',
        TABLE = 'care_enrollments', SCHEMA = 'public',
        DETAIL = format('Enrollee %s: %s from %s to %s overlaps %s from %s to %s.', clash.enrollee_id,
          clash.program, clash.effective_on, coalesce(clash.ends_on::text, 'open'), clash.other_program,
          clash.other_effective_on, coalesce(clash.other_ends_on::text, 'open'));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
ALTER TABLE care_enrollments DROP CONSTRAINT care_enrollments_no_overlap;
--> statement-breakpoint
CREATE TRIGGER care_enrollments_no_overlap_insert AFTER INSERT ON care_enrollments
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION care_enrollments_no_overlap();
--> statement-breakpoint
CREATE TRIGGER care_enrollments_no_overlap_update AFTER UPDATE ON care_enrollments
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION care_enrollments_no_overlap();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION care_due_mark() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public SET enable_seqscan = off AS $$
DECLARE
  here xid := pg_current_xact_id()::xid;
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO care_due (org_id, enrollee_id) SELECT DISTINCT n.org_id, n.enrollee_id FROM new_rows n
      CROSS JOIN LATERAL (
        SELECT 1 FROM care_enrollees e WHERE e.org_id = n.org_id AND e.id = n.enrollee_id
          AND NOT (e.xmin = here AND e.created_at = now())
        LIMIT 1
      ) older
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
