import { useAccount } from '../../auth/hooks/useAccount';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import { SessionsSection } from './SessionsSection';
import { TwoStepSection } from './TwoStepSection';
import './security.css';

/** /account/security: where the person is signed in, and two-step sign-in. */
export function SecurityPage() {
  useDocumentTitle('Account and security');
  const account = useAccount();
  return (
    <div className="security">
      <header className="page-header">
        <h1>Account and security</h1>
        <p>
          Signed in as {account.displayName} ({account.email}).
        </p>
      </header>
      <SessionsSection />
      <TwoStepSection />
    </div>
  );
}
