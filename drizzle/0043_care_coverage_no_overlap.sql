-- One Care, ACO and MCO are each a member's whole coverage: at most one of them on any day. A Community
-- Partner enrollment runs beside them, so it overlaps only another Community Partner enrollment. The
-- constraint compares a coverage group rather than the program (an immutable expression: enum equality).
ALTER TABLE care_enrollments DROP CONSTRAINT care_enrollments_no_overlap;
--> statement-breakpoint
ALTER TABLE care_enrollments ADD CONSTRAINT care_enrollments_no_overlap
  EXCLUDE USING gist (
    org_id WITH =,
    enrollee_id WITH =,
    (CASE WHEN program = 'cp'::care_program THEN 1 ELSE 0 END) WITH =,
    daterange(effective_on, ends_on, '[]') WITH &&
  );
