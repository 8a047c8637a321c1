// The training domain's public surface: other code imports from here only.

export { ATTENDANCE_IMPORT_JOB, attendanceImportJob } from './attendance/attendance-import.job.js';
export { competencies, competencyFrameworks, curricula, modules, topics } from './catalog/catalog.tables.js';
export { renderCertificate } from './certificates/certificate.pdf.js';
export { findCompletionOwner } from './completions/completions.repository.js';
export { completions } from './completions/completions.tables.js';
export { COMPLETIONS_IMPORT_JOB, completionsImportJob } from './import/completions-import.job.js';
export { completionsImportRoutes, createCompletionsImporter } from './import/completions-import.js';
export { programYearsRoutes } from './program-years/program-years.routes.js';
export { createProgramYearsService } from './program-years/program-years.service.js';
export { programYears } from './program-years/program-years.tables.js';
export {
  competencyIdsByCode,
  moduleIdsOf,
  seedPlanCompletions,
  seedSharedCompletions,
  seedTopic,
  sharedTopicsOf,
} from './seeding.repository.js';
export { findSessionOwner } from './sessions/sessions.repository.js';
export { DEFAULT_ATTESTATION_STATEMENT, newAttestationToken } from './sessions/sessions.service.js';
export { trainingSessions } from './sessions/sessions.tables.js';
export { trainingTeamRoutes } from './team/team.routes.js';
export { createTrainingTeam, type TrainingTeam } from './team/team.service.js';
export { trainingPolicy } from './training.policy.js';
export { trainingRoutes } from './training.routes.js';
export { createTrainingService, type TrainingService } from './training.service.js';
export {
  completionsView,
  modulesView,
  sessionRegistrantsView,
  sessionsView,
  topicsView,
} from './training.views.js';
export { XAPI_DELIVER_JOB, xapiDeliverJob } from './xapi/xapi.job.js';
