// The training domain's public surface: other code imports from here only.

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
