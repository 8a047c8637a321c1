import type { Logger } from 'pino';
import { capabilitiesOf } from './capabilities.js';
import type { Config } from './config.js';
import {
  auditRefusedEnrolleeRequests,
  careExporters,
  careFhirRoutes,
  careGroups,
  carePart2Routes,
  carePlansRoutes,
  careRecords,
  careRequestsRoutes,
  careRoutes,
  careTeamTrainingRoutes,
  careWorkRoutes,
  createCareFhir,
  createCarePart2,
  createCarePlans,
  createCareRequestsService,
  createCareService,
  createCareWorkService,
  createRosterImporter,
  createTeamCandidates,
  createTeamTraining,
  ROSTER_IMPORT_JOB,
  rosterImportJob,
  rosterImportRoutes,
} from './domains/care/index.js';
import {
  complianceRoutes,
  createComplianceService,
  createEvidencePacks,
  createReminders,
  remindersRoutes,
} from './domains/compliance/index.js';
import {
  assignmentRoutes,
  createAssignmentLetters,
  createAssignmentService,
  createEnrollmentService,
  createIdentificationService,
  createMailings,
  createReferralService,
  ENROLLMENT_BATCH_JOB,
  enrollmentBatchJob,
  enrollmentRoutes,
  IDENTIFICATION_IMPORT_JOB,
  identificationImportJob,
  identificationRoutes,
  mailingRoutes,
  referralRoutes,
} from './domains/enrollment/index.js';
import {
  createOrganisationsService,
  organisationExporters,
  organisationsFhir,
  organisationsRoutes,
} from './domains/organisations/index.js';
import {
  createPeopleImporter,
  createPeopleService,
  membershipLoader,
  PEOPLE_IMPORT_JOB,
  peopleExporters,
  peopleFhir,
  peopleImportJob,
  peopleImportRoutes,
  peopleRoutes,
} from './domains/people/index.js';
import {
  createSurveyResults,
  createSurveysService,
  surveyExporters,
  surveysFhir,
  surveysRoutes,
} from './domains/surveys/index.js';
import {
  ATTENDANCE_IMPORT_JOB,
  attendanceImportJob,
  COMPLETIONS_IMPORT_JOB,
  completionsImportJob,
  completionsImportRoutes,
  createCompletionsImporter,
  createProgramYearsService,
  createTrainingService,
  createTrainingTeam,
  programYearsRoutes,
  trainingRoutes,
  trainingTeamRoutes,
  XAPI_DELIVER_JOB,
  xapiDeliverJob,
} from './domains/training/index.js';
import { auditRoutes } from './platform/audit/audit.routes.js';
import { AuditTrail } from './platform/audit/audit.service.js';
import { createAuditCheckpoints } from './platform/audit/audit-checkpoints.service.js';
import { registerAuthHook } from './platform/auth/auth.hook.js';
import { authRoutes } from './platform/auth/auth.routes.js';
import { createAuthService } from './platform/auth/auth.service.js';
import { apiClientsRoutes, TOKEN_PATH } from './platform/auth/clients.routes.js';
import { createApiClients } from './platform/auth/clients.service.js';
import { mfaRoutes } from './platform/auth/mfa.routes.js';
import { createMfaService } from './platform/auth/mfa.service.js';
import type { Database } from './platform/db/client.js';
import { createFhirExport } from './platform/fhir/bulk-export.js';
import { fhirApi } from './platform/fhir/fhir.api.js';
import { FHIR_BASE_PATH } from './platform/fhir/fhir.js';
import { createFileStore } from './platform/files/file-store.js';
import { healthRoutes } from './platform/http/health.routes.js';
import { createServer } from './platform/http/server.js';
import { jobsRoutes } from './platform/jobs/jobs.routes.js';
import { createJobQueue, type JobQueueOptions } from './platform/jobs/queue.js';
import { createOutbox } from './platform/mail/outbox.js';
import { outboxRoutes } from './platform/mail/outbox.routes.js';

import { VERSION } from './platform/project.js';

export { VERSION };

export interface AppDeps {
  database: Database;
  config: Config;
  logger?: Logger | false;
  /** Serve the built web app from web/dist (production); tests and the API-only CLI leave it off. */
  web?: boolean;
  /** Where the built web app is, if not web/dist (the first-load benchmark serves two builds). */
  webRoot?: string;
  /** The job queue's heartbeat and how long a silent job is given (defaults in queue.ts; drills shorten them). */
  jobQueue?: JobQueueOptions;
}

/** Wires services, jobs and routes. Never listens: the caller does (`concord serve`, or tests via inject). */
export async function buildServices({ database, config, logger, jobQueue }: AppDeps) {
  const log = logger || undefined;
  const audit = new AuditTrail(database, log);
  const files = createFileStore(config.dataDir);
  const jobs = createJobQueue(database, log, jobQueue);
  const outbox = createOutbox({
    database,
    jobs,
    mail: { dataDir: config.dataDir, smtpUrl: config.smtpUrl, from: config.mailFrom },
    ...(log ? { log } : {}),
  });
  const auditCheckpoints = createAuditCheckpoints({
    database,
    dataDir: config.dataDir,
    keySetting: config.auditKey,
    auditorEmail: config.auditEmail,
    outbox,
    log,
  });
  const auth = createAuthService({
    database,
    audit,
    memberships: membershipLoader(database),
    policy: {
      idleMinutes: config.sessionIdleMinutes,
      absoluteHours: config.sessionAbsoluteHours,
      cacheMs: config.sessionCacheMs,
    },
  });
  const mfa = createMfaService({ database, audit, auth, memberships: membershipLoader(database) });
  const apiClients = createApiClients({ database, audit, memberships: membershipLoader(database) });
  const organisations = createOrganisationsService({ database, audit });
  const people = createPeopleService({ database, audit, outbox });
  const peopleImport = createPeopleImporter({ database, files, jobs });
  const training = createTrainingService({ database, audit, files, jobs, baseUrl: config.baseUrl });
  const trainingTeam = createTrainingTeam({ database, audit, outbox, baseUrl: config.baseUrl });
  const programYears = createProgramYearsService({ database, audit, outbox, baseUrl: config.baseUrl });
  const completionsImport = createCompletionsImporter({ database, files, jobs });
  const compliance = createComplianceService({ database, audit, jobs });
  const evidencePacks = createEvidencePacks({ database, audit, files, jobs, compliance });
  const reminders = createReminders({ database, audit, outbox, jobs, compliance, baseUrl: config.baseUrl });
  const surveys = createSurveysService({ database, audit, outbox, baseUrl: config.baseUrl });
  const surveyResults = createSurveyResults({ database, audit });
  const care = createCareService({ database, audit });
  const rosterImport = createRosterImporter({ database, files, jobs });
  const careTeamTraining = createTeamTraining({ database, audit, compliance });
  const careTeamCandidates = createTeamCandidates({ database });
  const careFhir = createCareFhir({ database, audit });
  const careWork = createCareWorkService({ database, audit, jobs });
  const carePlans = createCarePlans({ database, audit, files, outbox, jobs, baseUrl: config.baseUrl });
  const careRequests = createCareRequestsService({ database, audit, files });
  const carePart2 = createCarePart2({ database, audit });
  const careFhirRecords = careRecords({
    fhir: careFhir,
    plans: carePlans,
    requests: careRequests,
    part2: carePart2,
    baseUrl: config.baseUrl,
  });
  const careFhirGroups = careGroups(database);
  const fhirExport = createFhirExport({
    database,
    audit,
    files,
    jobs,
    memberships: membershipLoader(database),
    exporters: [
      ...organisationExporters(organisations),
      ...peopleExporters(people),
      ...surveyExporters(surveys),
      ...careExporters(database, careFhirRecords),
    ],
    groups: careFhirGroups.exists,
  });
  const enrollment = createEnrollmentService({ database, audit, files, jobs });
  const enrollmentMailings = createMailings({ database, audit, files, jobs });
  const enrollmentIdentification = createIdentificationService({ database, audit, files, jobs });
  const enrollmentReferrals = createReferralService({ database, audit });
  const enrollmentAssignments = createAssignmentService({ database, audit });
  const assignmentLetters = createAssignmentLetters({ database, audit });
  jobs.register(PEOPLE_IMPORT_JOB, peopleImportJob({ database, audit, files }));
  jobs.register(COMPLETIONS_IMPORT_JOB, completionsImportJob({ database, audit, files }));
  jobs.register(ATTENDANCE_IMPORT_JOB, attendanceImportJob({ database, audit, files }));
  jobs.register(ROSTER_IMPORT_JOB, rosterImportJob({ database, audit, files }));
  jobs.register(ENROLLMENT_BATCH_JOB, enrollmentBatchJob({ database, audit, files }));
  jobs.register(IDENTIFICATION_IMPORT_JOB, identificationImportJob({ database, audit, files }));
  jobs.register(XAPI_DELIVER_JOB, xapiDeliverJob({ database, baseUrl: config.baseUrl }));
  return {
    audit,
    auditCheckpoints,
    files,
    jobs,
    outbox,
    auth,
    mfa,
    apiClients,
    organisations,
    people,
    peopleImport,
    training,
    trainingTeam,
    programYears,
    completionsImport,
    compliance,
    reminders,
    evidencePacks,
    surveys,
    surveyResults,
    care,
    rosterImport,
    careTeamTraining,
    careTeamCandidates,
    careFhir,
    careFhirRecords,
    careFhirGroups,
    fhirExport,
    careWork,
    carePlans,
    careRequests,
    carePart2,
    enrollment,
    enrollmentMailings,
    enrollmentIdentification,
    enrollmentReferrals,
    enrollmentAssignments,
    assignmentLetters,
  };
}

export type Services = Awaited<ReturnType<typeof buildServices>>;

export async function buildApp(deps: AppDeps) {
  const services = await buildServices(deps);
  const app = await createServer({
    logger: deps.logger ?? false,
    version: VERSION,
    web: deps.web ?? false,
    trustProxy: deps.config.trustProxy,
    ...(deps.webRoot ? { webRoot: deps.webRoot } : {}),
  });
  registerAuthHook(app, services.auth, services.apiClients);
  await app.register(healthRoutes(deps.database));
  await app.register(
    authRoutes(services.auth, { secure: deps.config.cookieSecure, capabilities: capabilitiesOf }),
  );
  await app.register(mfaRoutes(services.mfa, { secure: deps.config.cookieSecure }));
  // The FHIR API's parts, one per domain; API clients' scopes may name only the types they serve.
  const fhirModules = [
    organisationsFhir(services.organisations, deps.config.baseUrl),
    peopleFhir(services.people, deps.config.baseUrl),
    surveysFhir(services.surveys, deps.config.baseUrl),
    careFhirRoutes(services.careFhir, deps.config.baseUrl, {
      care: services.care,
      plans: services.carePlans,
      requests: services.careRequests,
      part2: services.carePart2,
      records: services.careFhirRecords,
      groups: services.careFhirGroups,
    }),
  ];
  await app.register(
    apiClientsRoutes(
      services.apiClients,
      fhirModules.flatMap((m) => m.resources.map((r) => r.type)),
    ),
  );
  await app.register(organisationsRoutes(services.organisations));
  await app.register(peopleRoutes(services.people));
  await app.register(peopleImportRoutes(services.peopleImport));
  await app.register(completionsImportRoutes(services.completionsImport));
  await app.register(trainingRoutes(services.training));
  await app.register(trainingTeamRoutes(services.trainingTeam));
  await app.register(programYearsRoutes(services.programYears));
  await app.register(complianceRoutes(services.compliance, services.evidencePacks));
  await app.register(remindersRoutes(services.reminders));
  await app.register(surveysRoutes(services.surveys, services.surveyResults));
  auditRefusedEnrolleeRequests(app, services.care);
  await app.register(careRoutes(services.care));
  await app.register(rosterImportRoutes(services.rosterImport));
  await app.register(careTeamTrainingRoutes(services.careTeamTraining, services.careTeamCandidates));
  await app.register(
    fhirApi({
      baseUrl: deps.config.baseUrl,
      version: VERSION,
      tokenUrl: `${deps.config.baseUrl.replace(/\/$/, '')}${TOKEN_PATH}`,
      modules: fhirModules,
      bulk: services.fhirExport,
    }),
    { prefix: FHIR_BASE_PATH },
  );
  await app.register(careWorkRoutes(services.careWork));
  await app.register(carePlansRoutes(services.carePlans));
  await app.register(careRequestsRoutes(services.careRequests));
  await app.register(enrollmentRoutes(services.enrollment));
  await app.register(mailingRoutes(services.enrollmentMailings));
  await app.register(identificationRoutes(services.enrollmentIdentification));
  await app.register(referralRoutes(services.enrollmentReferrals));
  await app.register(assignmentRoutes(services.enrollmentAssignments, services.assignmentLetters));
  await app.register(carePart2Routes(services.carePart2));
  await app.register(
    outboxRoutes({ database: deps.database, audit: services.audit, outbox: services.outbox }),
  );
  await app.register(jobsRoutes({ database: deps.database, files: services.files }));
  await app.register(auditRoutes({ database: deps.database, audit: services.audit }));
  app.addHook('onClose', async () => {
    await services.jobs.stop();
    await services.audit.flush();
  });
  return { app, services };
}
