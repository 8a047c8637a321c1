-- The enrollee's enrollments are read by the work queue for every enrollee of a caseload. The exclusion
-- constraint's GiST index (on random UUIDs) answers the same lookup but reads thousands of pages for one
-- enrollee, and the planner, costing both alike, chose it: 6-10 ms an enrollee, 1-1.6 s for a caseload of
-- 150 at 200,000 enrollees. Carrying what the queue reads makes the B-tree an index-only scan the planner
-- prefers (14 ms for the caseload).
DROP INDEX IF EXISTS "care_enrollments_enrollee_idx";
--> statement-breakpoint
CREATE INDEX "care_enrollments_enrollee_idx" ON "care_enrollments" USING btree ("org_id","enrollee_id","program") INCLUDE ("id","effective_on","ends_on");
