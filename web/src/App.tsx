import { Suspense, useEffect } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { PageLoading } from './components/PageLoading.js';
import { Shell } from './components/Shell.js';
import { lazyPage } from './lazy-page.js';
import { SignInPage } from './pages/SignInPage.js';
import { SessionProvider, useSessionQuery } from './session.js';

// Each page's code is fetched when the page is first opened (the sign-in page comes with the app).
const ApiClientsPage = lazyPage(() => import('./pages/ApiClientsPage.js'), 'ApiClientsPage');
const AccountPage = lazyPage(() => import('./pages/AccountPage.js'), 'AccountPage');
const LrsPage = lazyPage(() => import('./pages/training/LrsPage.js'), 'LrsPage');
const AuditPage = lazyPage(() => import('./pages/AuditPage.js'), 'AuditPage');
const CompliancePage = lazyPage(() => import('./pages/compliance/CompliancePage.js'), 'CompliancePage');
const CompliancePersonPage = lazyPage(
  () => import('./pages/compliance/CompliancePersonPage.js'),
  'CompliancePersonPage',
);
const RequirementsPage = lazyPage(() => import('./pages/compliance/RequirementsPage.js'), 'RequirementsPage');
const EnrolleePage = lazyPage(() => import('./pages/care/EnrolleePage.js'), 'EnrolleePage');
const PlanApprovalPage = lazyPage(() => import('./pages/care/PlanApprovalPage.js'), 'PlanApprovalPage');
const EnrolleesPage = lazyPage(() => import('./pages/care/EnrolleesPage.js'), 'EnrolleesPage');
const QueuePage = lazyPage(() => import('./pages/care/QueuePage.js'), 'QueuePage');
const TeamPage = lazyPage(() => import('./pages/care/TeamPage.js'), 'TeamPage');
const AssignmentsPage = lazyPage(() => import('./pages/enrollment/AssignmentsPage.js'), 'AssignmentsPage');
const BatchesPage = lazyPage(() => import('./pages/enrollment/BatchesPage.js'), 'BatchesPage');
const DirectoryPage = lazyPage(() => import('./pages/enrollment/DirectoryPage.js'), 'DirectoryPage');
const MemberPage = lazyPage(() => import('./pages/enrollment/MemberPage.js'), 'MemberPage');
const MailingsPage = lazyPage(() => import('./pages/enrollment/MailingsPage.js'), 'MailingsPage');
const IdentificationPage = lazyPage(
  () => import('./pages/enrollment/IdentificationPage.js'),
  'IdentificationPage',
);
const ReferralsPage = lazyPage(() => import('./pages/enrollment/ReferralsPage.js'), 'ReferralsPage');
const EventsPage = lazyPage(() => import('./pages/EventsPage.js'), 'EventsPage');
const HomePage = lazyPage(() => import('./pages/HomePage.js'), 'HomePage');
const CompletionsImportPage = lazyPage(() => import('./pages/ImportsPage.js'), 'CompletionsImportPage');
const ImportsPage = lazyPage(() => import('./pages/ImportsPage.js'), 'ImportsPage');
const RosterImportPage = lazyPage(() => import('./pages/ImportsPage.js'), 'RosterImportPage');
const OrganisationPage = lazyPage(() => import('./pages/OrganisationPage.js'), 'OrganisationPage');
const OrganisationsPage = lazyPage(() => import('./pages/OrganisationsPage.js'), 'OrganisationsPage');
const OutboxPage = lazyPage(() => import('./pages/OutboxPage.js'), 'OutboxPage');
const PeoplePage = lazyPage(() => import('./pages/PeoplePage.js'), 'PeoplePage');
const PersonPage = lazyPage(() => import('./pages/PersonPage.js'), 'PersonPage');
const QualificationsPage = lazyPage(() => import('./pages/QualificationsPage.js'), 'QualificationsPage');
const AnswerPage = lazyPage(() => import('./pages/surveys/AnswerPage.js'), 'AnswerPage');
const BuilderPage = lazyPage(() => import('./pages/surveys/BuilderPage.js'), 'BuilderPage');
const ResultsPage = lazyPage(() => import('./pages/surveys/ResultsPage.js'), 'ResultsPage');
const SurveysPage = lazyPage(() => import('./pages/surveys/SurveysPage.js'), 'SurveysPage');
const AttestPage = lazyPage(() => import('./pages/training/AttestPage.js'), 'AttestPage');
const ModuleEditPage = lazyPage(() => import('./pages/training/ModuleEditPage.js'), 'ModuleEditPage');
const ModulePage = lazyPage(() => import('./pages/training/ModulePage.js'), 'ModulePage');
const ParticipationPage = lazyPage(
  () => import('./pages/training/ParticipationPage.js'),
  'ParticipationPage',
);
const ProgramYearPage = lazyPage(() => import('./pages/training/ProgramYearsPage.js'), 'ProgramYearPage');
const ProgramYearsPage = lazyPage(() => import('./pages/training/ProgramYearsPage.js'), 'ProgramYearsPage');
const SessionPage = lazyPage(() => import('./pages/training/SessionPage.js'), 'SessionPage');
const TopicPage = lazyPage(() => import('./pages/training/TopicPage.js'), 'TopicPage');
const TrainingPage = lazyPage(() => import('./pages/training/TrainingPage.js'), 'TrainingPage');
const VerifyPage = lazyPage(() => import('./pages/training/VerifyPage.js'), 'VerifyPage');

export function App() {
  const session = useSessionQuery();
  const location = useLocation();
  const signedOutAtHome = session.data == null && location.pathname === '/';
  // While the session is checked or someone types their password, the home page's code is fetched, so
  // that on a slow connection the home opens without waiting for another round trip.
  useEffect(() => {
    if (signedOutAtHome) void HomePage.preload();
  }, [signedOutAtHome]);
  // Checking a certificate and the events page are public: no sign-in, nothing personal. A PCP's care plan
  // approval link is public too: its token shows that one plan only.
  if (
    location.pathname.startsWith('/verify') ||
    location.pathname === '/events' ||
    location.pathname.startsWith('/plan-approval/')
  )
    return (
      <Suspense fallback={<PageLoading fullScreen />}>
        <Routes>
          <Route path="/verify/:code?" element={<VerifyPage />} />
          <Route path="/events" element={<EventsPage />} />
          <Route path="/plan-approval/:token" element={<PlanApprovalPage />} />
        </Routes>
      </Suspense>
    );
  if (session.isPending) {
    return <PageLoading fullScreen />;
  }
  if (!session.data) return <SignInPage />;
  return (
    <SessionProvider value={session.data}>
      <Shell>
        <Suspense fallback={<PageLoading />}>
          <Routes>
            <Route path="/" element={<HomePage />} />
            <Route path="/organisations" element={<OrganisationsPage />} />
            <Route path="/organisations/:id" element={<OrganisationPage />} />
            <Route path="/account" element={<AccountPage />} />
            <Route path="/people" element={<PeoplePage />} />
            <Route path="/people/:id" element={<PersonPage />} />
            <Route path="/qualifications" element={<QualificationsPage />} />
            <Route path="/imports" element={<ImportsPage key="people" />} />
            <Route path="/audit" element={<AuditPage />} />
            <Route path="/api-clients" element={<ApiClientsPage />} />
            <Route path="/training/lrs" element={<LrsPage />} />
            <Route path="/outbox" element={<OutboxPage />} />
            <Route path="/training" element={<TrainingPage />} />
            <Route path="/training/imports" element={<CompletionsImportPage />} />
            <Route path="/care/imports" element={<RosterImportPage />} />
            <Route path="/training/years" element={<ProgramYearsPage />} />
            <Route path="/training/years/:id" element={<ProgramYearPage />} />
            <Route path="/training/participation" element={<ParticipationPage />} />
            <Route path="/training/topics/:id" element={<TopicPage />} />
            <Route path="/training/sessions/:id" element={<SessionPage />} />
            <Route path="/training/sessions/:id/module" element={<ModulePage />} />
            <Route path="/training/sessions/:id/module/edit" element={<ModuleEditPage />} />
            <Route path="/attest/:token" element={<AttestPage />} />
            <Route path="/compliance" element={<CompliancePage />} />
            <Route path="/compliance/people/:id" element={<CompliancePersonPage />} />
            <Route path="/compliance/requirements" element={<RequirementsPage />} />
            <Route path="/surveys" element={<SurveysPage />} />
            <Route path="/surveys/new" element={<BuilderPage />} />
            <Route path="/surveys/:id/edit" element={<BuilderPage key="edit" />} />
            <Route path="/surveys/:id/answer" element={<AnswerPage />} />
            <Route path="/surveys/:id/results" element={<ResultsPage />} />
            <Route path="/surveys/:id/plan-results" element={<ResultsPage key="shared" shared />} />
            <Route path="/care" element={<Navigate to="/care/enrollees" replace />} />
            <Route path="/care/enrollees" element={<EnrolleesPage />} />
            <Route path="/care/enrollees/:id" element={<EnrolleePage />} />
            <Route path="/care/queue" element={<QueuePage />} />
            <Route path="/care/queue/team" element={<TeamPage />} />
            <Route path="/enrollment" element={<BatchesPage />} />
            <Route path="/enrollment/members" element={<MemberPage />} />
            <Route path="/enrollment/directory" element={<DirectoryPage />} />
            <Route path="/enrollment/mailings" element={<MailingsPage />} />
            <Route path="/enrollment/identification" element={<IdentificationPage />} />
            <Route path="/enrollment/referrals" element={<ReferralsPage />} />
            <Route path="/enrollment/assignments" element={<AssignmentsPage />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Suspense>
      </Shell>
    </SessionProvider>
  );
}
