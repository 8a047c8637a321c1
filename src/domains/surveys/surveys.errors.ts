import { defineErrors } from '../../platform/http/errors.js';

export const SurveyErrors = defineErrors({
  SURVEY_CODE_TAKEN: { status: 409, message: 'Your organisation already has a survey with this code.' },
  NOT_PUBLISHED: { status: 409, message: 'This survey has not been published yet.' },
  NOT_OPEN_YET: { status: 409, message: 'This survey is not open yet.' },
  SURVEY_CLOSED: { status: 409, message: 'This survey has closed; answers are no longer taken.' },
  ALREADY_ANSWERED: { status: 409, message: 'You have already answered this survey. Thank you.' },
});
