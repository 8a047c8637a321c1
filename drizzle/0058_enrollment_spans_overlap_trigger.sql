-- One member's Community Partner enrollment spans never overlap (decisions 061, 062): checked by a
-- statement-level trigger instead of the GiST exclusion constraint, which took over 80 s to end and start the
-- spans of a 100,000-row batch. The trigger does two things:
-- - It takes the enrollment lock of each ACO/MCO whose spans the statement wrote (the advisory lock a batch
--   holds from its checks to its commit), in key order. A batch already holds it, so it waits for nothing;
--   any other writer (the demo's seeding, a later screen) takes turns with the batches of that ACO/MCO and
--   with every other writer of its spans.
-- - It then looks up, through the member's btree index (enrollee, first day), a span whose days meet a
--   written one, one written row at a time (LATERAL … LIMIT). Under READ COMMITTED each statement here reads
--   afresh, so a transaction that waited for the lock sees what the one before it wrote.
-- REPEATABLE READ is refused: its check would read a snapshot from before the wait (SERIALIZABLE finds that
-- conflict itself). The functions' plans are made once per connection, often while the table is small;
-- `enable_seqscan = off` keeps them on the index (decision 057). Same SQLSTATE (exclusion_violation) and
-- constraint name as before, so a caller's message is unchanged.
CREATE FUNCTION enrollment_spans_no_overlap() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public SET enable_seqscan = off AS $$
DECLARE
  clash record;
BEGIN
  IF current_setting('transaction_isolation') = 'repeatable read' THEN
    RAISE EXCEPTION 'enrollment spans are written in READ COMMITTED or SERIALIZABLE transactions, not REPEATABLE READ'
      USING ERRCODE = 'feature_not_supported';
  END IF;
  -- The same key as a batch's lock (batch.repository.ts, lockHolders), so batches and other writers of one
  -- ACO/MCO's spans take turns; in key order, so two statements take their common locks in the same order.
  PERFORM pg_advisory_xact_lock(hashtext('enrollment:' || o.org_id::text))
    FROM (SELECT DISTINCT n.org_id FROM new_rows n ORDER BY 1) o;
  SELECT n.enrollee_id, n.starts_on, n.ends_on, r.starts_on AS other_starts_on, r.ends_on AS other_ends_on
    INTO clash
    FROM new_rows n
      CROSS JOIN LATERAL (
        SELECT r.starts_on, r.ends_on FROM enrollment_spans r
        WHERE r.enrollee_id = n.enrollee_id AND r.id <> n.id
          AND r.starts_on <= coalesce(n.ends_on, 'infinity'::date)
          AND coalesce(r.ends_on, 'infinity'::date) >= n.starts_on
        LIMIT 1
      ) r
    LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'conflicting key value violates exclusion constraint "enrollment_spans_no_overlap"'
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'enrollment_spans_no_overlap',
        TABLE = 'enrollment_spans', SCHEMA = 'public',
        DETAIL = format('Member %s: the span from %s to %s overlaps the one from %s to %s.', clash.enrollee_id,
          clash.starts_on, coalesce(clash.ends_on::text, 'open'), clash.other_starts_on,
          coalesce(clash.other_ends_on::text, 'open'));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
ALTER TABLE enrollment_spans DROP CONSTRAINT enrollment_spans_no_overlap;
--> statement-breakpoint
CREATE TRIGGER enrollment_spans_no_overlap_insert AFTER INSERT ON enrollment_spans
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enrollment_spans_no_overlap();
--> statement-breakpoint
CREATE TRIGGER enrollment_spans_no_overlap_update AFTER UPDATE ON enrollment_spans
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enrollment_spans_no_overlap();
--> statement-breakpoint
-- A batch's rows are written once by COPY and then changed twice: by the checks across rows (a chunk at a
-- time, each committed) and by the rules' decisions. With room left on each page, each change is a
-- heap-only update (no index entry written) into the page the row is on, whose earlier version, once
-- committed and no longer seen, is pruned to make room for the next.
ALTER TABLE enrollment_batch_rows SET (fillfactor = 40);
--> statement-breakpoint
-- A batch's rows are analysed once staged and once decided, for the plans that read them; no statement
-- filters or joins them by their cells, whose statistics took most of each ANALYZE.
ALTER TABLE enrollment_batch_rows ALTER COLUMN cells SET STATISTICS 0;
