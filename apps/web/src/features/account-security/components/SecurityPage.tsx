import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { useAccount } from '../../auth/hooks/useAccount';
import { PageHeader } from '../../../ui/PageHeader';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import { totpStatusQuery } from '../queries';
import { CHANGE_PASSWORD_ANCHOR } from '../password-change';
import { ChangePasswordSection } from './ChangePasswordSection';
import { LoginsSection } from './LoginsSection';
import { TwoStepSection } from './TwoStepSection';
import { RecoveryCodesSection } from '../../recovery/components/RecoveryCodesSection';
import { NoticeMailSection } from '../../notifications/components/NoticeMailSection';
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
  const { hash } = useLocation();
  // Arriving from a "change your password" link: the card comes into view with the focus.
  useEffect(() => {
    if (hash !== `#${CHANGE_PASSWORD_ANCHOR}`) return;
    const card = document.getElementById(CHANGE_PASSWORD_ANCHOR);
    card?.scrollIntoView({ block: 'start' });
    card?.focus({ preventScroll: true });
  }, [hash]);
  return (
    <div className="security">
      <PageHeader title="Account and security">
        <p>
          Signed in as {account.displayName} ({account.email}).
        </p>
        <p>
          <Link to="/account/data">Your records and account</Link>: download your records, leave quickly, or delete your account.
        </p>
      </PageHeader>
      {setUpFirst ? (
        <>
          <TwoStepSection />
          <LoginsSection />
          <ChangePasswordSection />
          <RecoveryCodesSection />
          <NoticeMailSection />
        </>
      ) : (
        <>
          <LoginsSection />
          <ChangePasswordSection />
          <RecoveryCodesSection />
          <TwoStepSection />
          <NoticeMailSection />
        </>
      )}
    </div>
  );
}
