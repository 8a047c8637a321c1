/** xAPI 1.0.3 statements for completions (decision 069). Pure: the job gives the facts, this shapes them. */

export const XAPI_VERSION = '1.0.3';
export const VERBS = {
  completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
  voided: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } },
  experienced: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced' } },
} as const;
const COURSE = 'http://adlnet.gov/expapi/activities/course';

/** What a delivery's statement is made from. */
export interface DeliveryFacts {
  orgId: string;
  verb: 'completed' | 'voided';
  statementId: string;
  /** For a voided statement: the completed statement it voids. */
  voidsStatementId: string | null;
  personId: string;
  topicId: string;
  topicCode: string;
  topicTitle: string;
  method: string;
  /** The completed day at noon in Massachusetts, as an ISO timestamp. */
  completedAt: string;
  certificateCode: string;
}

/**
 * The learner is an account on Concord (home page = Concord's address, name = person id), not an e-mail
 * address: the LRS learns no one's address, and the id does not change when the address does.
 */
export const actorFor = (baseUrl: string, personId: string) => ({
  objectType: 'Agent' as const,
  account: { homePage: baseUrl, name: personId },
});

export const activityIdFor = (baseUrl: string, topicId: string) => `${baseUrl}/training/topics/${topicId}`;
export const organisationActivityId = (baseUrl: string, orgId: string) => `${baseUrl}/organisations/${orgId}`;

export function statementFor(baseUrl: string, d: DeliveryFacts) {
  const actor = actorFor(baseUrl, d.personId);
  if (d.verb === 'voided') {
    return {
      id: d.statementId,
      actor,
      verb: VERBS.voided,
      object: { objectType: 'StatementRef', id: d.voidsStatementId },
    };
  }
  return {
    id: d.statementId,
    actor,
    verb: VERBS.completed,
    object: {
      objectType: 'Activity',
      id: activityIdFor(baseUrl, d.topicId),
      definition: { name: { 'en-US': d.topicTitle }, type: COURSE },
    },
    result: { completion: true },
    context: {
      platform: 'Concord',
      language: 'en-US',
      contextActivities: {
        grouping: [{ objectType: 'Activity', id: organisationActivityId(baseUrl, d.orgId) }],
      },
      extensions: {
        [`${baseUrl}/xapi/extensions/method`]: d.method,
        [`${baseUrl}/xapi/extensions/topic-code`]: d.topicCode,
        [`${baseUrl}/xapi/extensions/certificate`]: `${baseUrl}/verify/${d.certificateCode}`,
      },
    },
    timestamp: d.completedAt,
  };
}

/** The statement the settings page's test button sends: the organisation experienced a connection test. */
export function testStatement(baseUrl: string, orgId: string, id: string) {
  return {
    id,
    actor: { objectType: 'Agent', account: { homePage: baseUrl, name: `organisation:${orgId}` } },
    verb: VERBS.experienced,
    object: {
      objectType: 'Activity',
      id: `${baseUrl}/xapi/connection-test`,
      definition: { name: { 'en-US': 'Concord LRS connection test' } },
    },
    timestamp: new Date().toISOString(),
  };
}
