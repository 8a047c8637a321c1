// The care domain's public surface: other code imports from here only.
export { carePolicy } from './care.policy.js';
export { careRoutes } from './care.routes.js';
export { type CareService, createCareService } from './care.service.js';
export { careContacts, careEnrollees, careEnrollments, careRules, careTeamMembers } from './care.tables.js';
export { ROSTER_COLUMNS } from './import/roster-import.columns.js';
export { ROSTER_IMPORT_JOB, rosterImportJob } from './import/roster-import.job.js';
export { createRosterImporter, rosterImportRoutes } from './import/roster-import.js';
