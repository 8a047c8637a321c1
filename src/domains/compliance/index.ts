// The compliance domain's public surface: other code imports from here only.

export { compliancePolicy } from './compliance.policy.js';
export { complianceRoutes } from './compliance.routes.js';
export { type ComplianceService, createComplianceService } from './compliance.service.js';
export { exemptions, requirements, settings } from './compliance.tables.js';
export { createEvidencePacks, EVIDENCE_JOB, type EvidencePacks } from './evidence-pack.js';
export { remindersRoutes } from './reminders.routes.js';
export { createReminders, REMIND_JOB, type Reminders } from './reminders.service.js';
export { addDays, addMonths, massachusettsDate } from './rules.js';
export { seedRequirement } from './seeding.repository.js';
export { computeStatuses, createStatusStore, INLINE_PAIRS } from './status-store.js';
