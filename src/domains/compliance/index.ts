// The compliance domain's public surface: other code imports from here only.

export { complianceRoutes } from './compliance.routes.js';
export { type ComplianceService, createComplianceService } from './compliance.service.js';
export { exemptions, requirements } from './compliance.tables.js';
