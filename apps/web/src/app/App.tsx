import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { LoginPage } from '../features/auth/components/LoginPage';
import { RegisterPage } from '../features/auth/components/RegisterPage';
import { RequireAccount } from '../features/auth/components/RequireAccount';
import { SecurityPage } from '../features/account-security/components/SecurityPage';
import { QuickExitShortcut } from '../features/quick-exit/QuickExit';
import { Loading } from '../ui/Loading';
import { AppShell } from './AppShell';
import { AppProviders } from './providers';
import DashboardRoute from '../features/workspaces/components/DashboardRoute';
import InvitePage from '../features/invites/components/InvitePage';
import { ForgotPasswordPage } from '../features/recovery/components/ForgotPasswordPage';
import RecoveryLinkPage from '../features/recovery/components/RecoveryLinkPage';
import PasswordResetPage from '../features/recovery/components/PasswordResetPage';
import NotFoundPage from '../features/workspaces/components/NotFoundPage';
import WorkspaceLayout from '../features/workspace-page/components/WorkspaceLayout';
import WorkspacePage from '../features/workspace-page/components/WorkspacePage';

// The editor (Tiptap, Yjs) is most of the code: load it only when a document is opened.
const loadDocumentPage = () => import('../features/document-page/components/DocumentPage');
// Opened straight at a document (a link, a reload): its code loads beside the login check, not after it.
if (/\/documents\/[^/]+\/?$/.test(window.location.pathname)) void loadDocumentPage();
const DocumentPage = lazy(loadDocumentPage);
const SessionRecordPage = lazy(() => import('../features/live-session/components/SessionRecordPage'));
const ProposalPage = lazy(() => import('../features/agreements/components/ProposalPage'));
const AgreementVersionsPage = lazy(() => import('../features/agreements/components/AgreementVersionsPage'));
const AgreementVersionPrintPage = lazy(() => import('../features/agreements/components/AgreementVersionPrintPage'));
const AuditTrailPage = lazy(() => import('../features/audit/components/AuditTrailPage'));
const MyActivityPage = lazy(() => import('../features/audit/components/MyActivityPage'));
const AccountDataPage = lazy(() => import('../features/account-data/components/AccountDataPage'));
const CommitmentsPage = lazy(() => import('../features/commitments/components/CommitmentsPage'));
const CheckInPage = lazy(() => import('../features/check-ins/components/CheckInPage'));
const RepairPage = lazy(() => import('../features/repairs/components/RepairPage'));
const ProgressPage = lazy(() => import('../features/progress/components/ProgressPage'));
const SafetyPage = lazy(() => import('../features/safety/components/SafetyPage'));
const RevealsPage = lazy(() => import('../features/reveals/components/RevealsPage'));

export function App() {
  return (
    <AppProviders>
      {/* Escape three times leaves, on every page, signed in or not. */}
      <QuickExitShortcut />
      <BrowserRouter>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/register" element={<RegisterPage />} />
          <Route path="/invite/:token" element={<InvitePage />} />
          <Route path="/forgot-password" element={<ForgotPasswordPage />} />
          <Route path="/recover/:token" element={<RecoveryLinkPage />} />
          <Route path="/reset-password/:token" element={<PasswordResetPage />} />
          <Route
            element={
              <RequireAccount>
                <AppShell />
              </RequireAccount>
            }
          >
            <Route index element={<DashboardRoute />} />
            <Route path="/account/security" element={<SecurityPage />} />
            {/* One live-session connection for the workspace page, its documents and session records. */}
            <Route path="/workspaces/:workspaceId" element={<WorkspaceLayout />}>
              <Route index element={<WorkspacePage />} />
              <Route
                path="documents/:documentId"
                element={
                  <Suspense fallback={<Loading label="Opening the editor…" />}>
                    <DocumentPage />
                  </Suspense>
                }
              />
              <Route
                path="agreements/:agreementId/proposals/:proposalId"
                element={
                  <Suspense fallback={<Loading label="Opening the proposal…" />}>
                    <ProposalPage />
                  </Suspense>
                }
              />
              <Route
                path="agreements/:agreementId/versions"
                element={
                  <Suspense fallback={<Loading label="Reading the versions…" />}>
                    <AgreementVersionsPage />
                  </Suspense>
                }
              />
              <Route
                path="agreements/:agreementId/versions/:number/print"
                element={
                  <Suspense fallback={<Loading label="Reading the version…" />}>
                    <AgreementVersionPrintPage />
                  </Suspense>
                }
              />
              <Route
                path="audit"
                element={
                  <Suspense fallback={<Loading label="Reading the audit trail…" />}>
                    <AuditTrailPage />
                  </Suspense>
                }
              />
              <Route
                path="check-in"
                element={
                  <Suspense fallback={<Loading label="Opening the check-in…" />}>
                    <CheckInPage />
                  </Suspense>
                }
              />
              <Route
                path="commitments"
                element={
                  <Suspense fallback={<Loading label="Reading the commitments…" />}>
                    <CommitmentsPage />
                  </Suspense>
                }
              />
              <Route
                path="repair"
                element={
                  <Suspense fallback={<Loading label="Opening the repair…" />}>
                    <RepairPage />
                  </Suspense>
                }
              />
              <Route
                path="progress"
                element={
                  <Suspense fallback={<Loading label="Reading progress…" />}>
                    <ProgressPage />
                  </Suspense>
                }
              />
              <Route
                path="safety"
                element={
                  <Suspense fallback={<Loading label="Opening…" />}>
                    <SafetyPage />
                  </Suspense>
                }
              />
              <Route
                path="reveals"
                element={
                  <Suspense fallback={<Loading label="Opening the prompts…" />}>
                    <RevealsPage />
                  </Suspense>
                }
              />
              <Route
                path="sessions/:sessionId"
                element={
                  <Suspense fallback={<Loading label="Opening the session record…" />}>
                    <SessionRecordPage />
                  </Suspense>
                }
              />
            </Route>
            <Route
              path="/account/data"
              element={
                <Suspense fallback={<Loading label="Opening your account…" />}>
                  <AccountDataPage />
                </Suspense>
              }
            />
            <Route
              path="/documents/:documentId"
              element={
                <Suspense fallback={<Loading label="Opening the editor…" />}>
                  <DocumentPage />
                </Suspense>
              }
            />
            <Route
              path="/activity"
              element={
                <Suspense fallback={<Loading label="Reading your activity…" />}>
                  <MyActivityPage />
                </Suspense>
              }
            />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </AppProviders>
  );
}
