// The training domain's public surface: other code imports from here only.

export { renderCertificate } from './certificates/certificate.pdf.js';
export { findCompletionOwner } from './completions.repository.js';
export { COMPLETIONS_IMPORT_JOB, completionsImportJob } from './import/completions-import.job.js';
export { completionsImportRoutes, createCompletionsImporter } from './import/completions-import.js';
export { findSessionOwner } from './training.repository.js';
export { trainingRoutes } from './training.routes.js';
export {
  createTrainingService,
  DEFAULT_ATTESTATION_STATEMENT,
  newAttestationToken,
  type TrainingService,
} from './training.service.js';
export {
  competencies,
  competencyFrameworks,
  completions,
  curricula,
  modules,
  topics,
  trainingSessions,
} from './training.tables.js';
