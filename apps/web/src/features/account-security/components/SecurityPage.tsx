import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useAccount } from '../../auth/hooks/useAccount';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import { totpStatusQuery } from '../queries';
import { SessionsSection } from './SessionsSection';
import { TwoStepSection } from './TwoStepSection';
import './security.css';

/**
 * /account/security: where the person is signed in, and two-step sign-in (first, when the practice
 * requires it and it is not set up yet).
 */
export function SecurityPage() {
  useDocumentTitle('Account and security');
  const account = useAccount();
  const { data: totp } = useQuery(totpStatusQuery());
  const setUpFirst = totp?.required === true && !totp.enabled;
  return (
    <div className="security">
      <header className="page-header">
        <h1>Account and security</h1>
        <p>
          Signed in as {account.displayName} ({account.email}).
        </p>
        <p>
          <Link to="/account/data">Your records and account</Link>: download your records, leave quickly, or delete your account.
        </p>
      </header>
      {setUpFirst ? (
        <>
          <TwoStepSection />
          <SessionsSection />
        </>
      ) : (
        <>
          <SessionsSection />
          <TwoStepSection />
        </>
      )}
    </div>
  );
}
