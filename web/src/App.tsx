import { Center, Loader } from '@mantine/core';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Shell } from './components/Shell.js';
import { AuditPage } from './pages/AuditPage.js';
import { ComingSoonPage } from './pages/ComingSoonPage.js';
import { CompliancePage } from './pages/compliance/CompliancePage.js';
import { CompliancePersonPage } from './pages/compliance/CompliancePersonPage.js';
import { RequirementsPage } from './pages/compliance/RequirementsPage.js';
import { EventsPage } from './pages/EventsPage.js';
import { HomePage } from './pages/HomePage.js';
import { COMPLETIONS_IMPORT, ImportsPage } from './pages/ImportsPage.js';
import { OrganisationPage } from './pages/OrganisationPage.js';
import { OrganisationsPage } from './pages/OrganisationsPage.js';
import { OutboxPage } from './pages/OutboxPage.js';
import { PeoplePage } from './pages/PeoplePage.js';
import { PersonPage } from './pages/PersonPage.js';
import { QualificationsPage } from './pages/QualificationsPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { AnswerPage } from './pages/surveys/AnswerPage.js';
import { BuilderPage } from './pages/surveys/BuilderPage.js';
import { ResultsPage } from './pages/surveys/ResultsPage.js';
import { SurveysPage } from './pages/surveys/SurveysPage.js';
import { AttestPage } from './pages/training/AttestPage.js';
import { ModuleEditPage } from './pages/training/ModuleEditPage.js';
import { ModulePage } from './pages/training/ModulePage.js';
import { ParticipationPage } from './pages/training/ParticipationPage.js';
import { ProgramYearPage, ProgramYearsPage } from './pages/training/ProgramYearsPage.js';
import { SessionPage } from './pages/training/SessionPage.js';
import { TopicPage } from './pages/training/TopicPage.js';
import { TrainingPage } from './pages/training/TrainingPage.js';
import { VerifyPage } from './pages/training/VerifyPage.js';
import { SessionProvider, useSessionQuery } from './session.js';

export function App() {
  const session = useSessionQuery();
  const location = useLocation();
  // Checking a certificate and the events page are public: no sign-in, nothing personal.
  if (location.pathname.startsWith('/verify') || location.pathname === '/events')
    return (
      <Routes>
        <Route path="/verify/:code?" element={<VerifyPage />} />
        <Route path="/events" element={<EventsPage />} />
      </Routes>
    );
  if (session.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (!session.data) return <SignInPage />;
  return (
    <SessionProvider value={session.data}>
      <Shell>
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/organisations" element={<OrganisationsPage />} />
          <Route path="/organisations/:id" element={<OrganisationPage />} />
          <Route path="/people" element={<PeoplePage />} />
          <Route path="/people/:id" element={<PersonPage />} />
          <Route path="/qualifications" element={<QualificationsPage />} />
          <Route path="/imports" element={<ImportsPage key="people" />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route path="/outbox" element={<OutboxPage />} />
          <Route path="/training" element={<TrainingPage />} />
          <Route
            path="/training/imports"
            element={<ImportsPage key="completions" kind={COMPLETIONS_IMPORT} />}
          />
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
          <Route path="/care" element={<ComingSoonPage title="Care coordination" />} />
          <Route path="/enrollment" element={<ComingSoonPage title="CP enrollment" />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </Shell>
    </SessionProvider>
  );
}
