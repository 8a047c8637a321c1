// The care domain's public surface: other code imports from here only.
export { carePolicy } from './care.policy.js';
export { careRoutes } from './care.routes.js';
export { type CareService, createCareService } from './care.service.js';
export { careContacts, careEnrollees, careEnrollments, careRules, careTeamMembers } from './care.tables.js';
export { careWorkRoutes } from './care-work.routes.js';
export { type CareWorkService, createCareWorkService } from './care-work.service.js';
