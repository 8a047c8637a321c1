// The enrollment domain's public surface: other code imports from here only.

export { assignmentRoutes } from './assignment.routes.js';
export { type AssignmentService, createAssignmentService } from './assignment.service.js';
export { createAssignmentLetters } from './assignment-letters.js';
export { ENROLLMENT_BATCH_JOB, enrollmentBatchJob } from './batch.job.js';
export { enrollmentPolicy } from './enrollment.policy.js';
export { enrollmentRoutes } from './enrollment.routes.js';
export { createEnrollmentService, type EnrollmentService } from './enrollment.service.js';
export { IDENTIFICATION_IMPORT_JOB, identificationImportJob } from './identification.job.js';
export { identificationRoutes } from './identification.routes.js';
export { createIdentificationService, type IdentificationService } from './identification.service.js';
export { hasNetworkContract, seedDemoIdentification } from './identification-seeding.repository.js';
export { ENROLLMENT_MAILING_JOB } from './mailing.job.js';
export { mailingRoutes } from './mailing.routes.js';
export { createMailings, type Mailings } from './mailing.service.js';
export { referralRoutes } from './referral.routes.js';
export { createReferralService, type ReferralService } from './referral.service.js';
export { type DemoDirectoryEntry, seedDemoEnrollment } from './seeding.repository.js';
