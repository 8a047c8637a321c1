// The enrollment domain's public surface: other code imports from here only.
export { ENROLLMENT_BATCH_JOB, enrollmentBatchJob } from './batch.job.js';
export { enrollmentPolicy } from './enrollment.policy.js';
export { enrollmentRoutes } from './enrollment.routes.js';
export { createEnrollmentService, type EnrollmentService } from './enrollment.service.js';
export { type DemoDirectoryEntry, seedDemoEnrollment } from './seeding.repository.js';
