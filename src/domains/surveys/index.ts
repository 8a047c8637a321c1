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
export { ONE_CARE_COMPREHENSIVE_ASSESSMENT, phq2Score } from './care-instruments.definitions.js';
export { HRSN_SCREENING, type HrsnDomain, hrsnNeeds } from './hrsn-screening.definitions.js';
export {
  assessmentInstruments,
  type InstrumentAnswers,
  type InstrumentResponse,
  instrumentResponses,
  instrumentsOfResponses,
  recordInstrumentResponse,
} from './instrument-responses.repository.js';
export {
  MODULE_1_NEEDS_ASSESSMENT,
  MODULE_2_NEEDS_ASSESSMENT,
} from './needs-assessments.definitions.js';
export { toQuestionnaire } from './questionnaire.fhir.js';
export { type QuestionnaireResponse, toQuestionnaireResponse, toResponseBundle } from './responses.fhir.js';
export { resultsCsv, writeResultsXlsx } from './results.export.js';
export { createSurveyResults, type SurveyResults } from './results.service.js';
export { careCoordinatorsToAsk, type SeededSurvey, seedPublishedSurvey } from './seeding.repository.js';
export { surveyExporters, surveysFhir } from './surveys.fhir.js';
export { surveysPolicy } from './surveys.policy.js';
export { surveysByRef } from './surveys.repository.js';
export { surveysRoutes } from './surveys.routes.js';
export { createSurveysService, type SurveysService } from './surveys.service.js';
