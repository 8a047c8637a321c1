// The surveys domain's public surface: other code imports from here only.

export {
  type Answer,
  type Answers,
  checkAnswers,
  type Definition,
  followUpShown,
  type Question,
  questionsOf,
} from '@contract/surveys/definition.js';
export { resultsCsv, writeResultsXlsx } from './export.js';
export { toResponseBundle } from './fhir-responses.js';
export { MODULE_1_NEEDS_ASSESSMENT, MODULE_2_NEEDS_ASSESSMENT } from './needs-assessments.js';
export { createSurveyResults, type SurveyResults } from './results.service.js';
export { surveysPolicy } from './surveys.policy.js';
export { planOf } from './surveys.repository.js';
export { surveysRoutes } from './surveys.routes.js';
export { createSurveysService, type SurveysService } from './surveys.service.js';
