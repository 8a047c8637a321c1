// Every table, for drizzle-kit and for the database client. Domains own their tables; this file only lists them.
export * from './domains/care/care.tables.js';
export * from './domains/care/plans/plans.tables.js';
export * from './domains/compliance/compliance.tables.js';
export * from './domains/organisations/organisations.tables.js';
export * from './domains/people/people.tables.js';
export * from './domains/surveys/surveys.tables.js';
export * from './domains/training/attendance/attendance.tables.js';
export * from './domains/training/catalog/catalog.tables.js';
export * from './domains/training/completions/completions.tables.js';
export * from './domains/training/participation/participation.tables.js';
export * from './domains/training/program-years/program-years.tables.js';
export * from './domains/training/sessions/sessions.tables.js';
export * from './platform/audit/audit.tables.js';
export * from './platform/auth/auth.tables.js';
export * from './platform/files/files.tables.js';
export * from './platform/jobs/jobs.tables.js';
export * from './platform/mail/outbox.tables.js';
