// What the FHIR reads need beyond the enrollee's own rows: its assessments that point at instrument answers.
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { careAssessments } from './care.tables.js';

/** The enrollee's assessments with answers, oldest first. */
export function answeredAssessmentsOf(db: Db, orgId: string, enrolleeId: string) {
  return db
    .select({
      id: careAssessments.id,
      kind: careAssessments.kind,
      surveyResponseId: careAssessments.surveyResponseId,
      completedOn: careAssessments.completedOn,
      completedBy: careAssessments.completedBy,
      recordedAt: careAssessments.createdAt,
      part2: sql<boolean>`${careAssessments.part2OrgId} is not null`,
    })
    .from(careAssessments)
    .where(
      and(
        eq(careAssessments.orgId, orgId),
        eq(careAssessments.enrolleeId, enrolleeId),
        isNotNull(careAssessments.surveyResponseId),
      ),
    )
    .orderBy(asc(careAssessments.completedOn), asc(careAssessments.id));
}
