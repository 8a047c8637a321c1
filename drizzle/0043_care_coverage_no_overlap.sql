-- One Care, ACO and MCO are each a member's whole coverage: at most one of them on any day. A Community
-- Partner enrollment runs beside them, so it overlaps only another Community Partner enrollment. The
-- constraint compares a coverage group rather than the program (an immutable expression: enum equality).
-- The enrollee leads: led by the organisation, which every row of a plan shares, the GiST index read about
-- 2,700 pages for one enrollee at 200,000 enrollees, and the planner chose it for the work queue's lookups by
-- enrollee (10 ms each, 1.6 s for a caseload of 150).
ALTER TABLE care_enrollments DROP CONSTRAINT care_enrollments_no_overlap;
--> statement-breakpoint
ALTER TABLE care_enrollments ADD CONSTRAINT care_enrollments_no_overlap
  EXCLUDE USING gist (
    enrollee_id WITH =,
    org_id WITH =,
    (CASE WHEN program = 'cp'::care_program THEN 1 ELSE 0 END) WITH =,
    daterange(effective_on, ends_on, '[]') WITH &&
  );
