// The care domain's public surface: other code imports from here only.
export { carePolicy } from './care.policy.js';
export { auditRefusedEnrolleeRequests, careRoutes } from './care.routes.js';
export { type CareService, createCareService } from './care.service.js';
export { careContacts, careEnrollees, careEnrollments, careRules, careTeamMembers } from './care.tables.js';
export { careCoverageView, careMembersView } from './care.views.js';
export { DUE_NIGHTLY_JOB, DUE_REFRESH_JOB } from './care-due.js';
export { keepDue } from './care-due.repository.js';
export { careWorkRoutes } from './care-work.routes.js';
export { type CareWorkService, createCareWorkService } from './care-work.service.js';
export { clockMetBy } from './enrollee-clocks.js';
export { toCareTeam, toPatient } from './fhir.js';
export { careFhirRoutes } from './fhir.routes.js';
export { type CareFhir, createCareFhir } from './fhir.service.js';
export { careExporters } from './fhir-export.js';
export { careGroups } from './fhir-groups.routes.js';
export { careRecords } from './fhir-records.js';
export { ROSTER_COLUMNS } from './import/roster-import.columns.js';
export { ROSTER_IMPORT_JOB, rosterImportJob } from './import/roster-import.job.js';
export { createRosterImporter, rosterImportRoutes } from './import/roster-import.js';
export { part2Policy } from './part2/part2.policy.js';
export { carePart2Routes } from './part2/part2.routes.js';
export { type CarePart2, createCarePart2 } from './part2/part2.service.js';
export { carePlansRoutes } from './plans/plans.routes.js';
export { type CarePlans, createCarePlans } from './plans/plans.service.js';
export { requestsPolicy } from './requests/requests.policy.js';
export { writeReport as writeRequestReport } from './requests/requests.report.js';
export { careRequestsRoutes } from './requests/requests.routes.js';
export { type CareRequestsService, createCareRequestsService } from './requests/requests.service.js';
export { STANDARD_CARE_RULES } from './rule-catalogue.js';
export { dayWords } from './rules.js';
export {
  CARE_COLUMNS,
  type CareRows,
  copyCareRows,
  emptyCareRows,
  seedDemoPart2,
  seedDemoPlans,
  type TeamCandidate,
  teamCandidates,
} from './seeding.repository.js';
export { createTeamCandidates, type TeamCandidates } from './team-candidates.service.js';
export { careTeamTrainingRoutes } from './team-training.routes.js';
export { createTeamTraining, type TeamTraining } from './team-training.service.js';
