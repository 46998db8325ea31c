import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { setPasswordWithLink } from '../api';
import { recoveryLinkQuery } from '../queries';
import { NewPasswordFromLink } from './NewPasswordFromLink';

/** /recover/:token: the counselor's one-time link; the partner sets a new password here, the counselor never sees it. */
export default function RecoveryLinkPage() {
  const { token = '' } = useParams();
  const preview = useQuery(recoveryLinkQuery(token));
  return (
    <NewPasswordFromLink
      preview={preview}
      intro={(link) => `For ${link.displayName} (${link.email}). Your counselor sent this link; they never see the password you choose.`}
      setPassword={(newPassword) => setPasswordWithLink(token, newPassword)}
      usedUp="This link no longer works."
      instead={
        <>
          A recovery link works once, for a few hours, and your counselor can withdraw it. If you have a recovery code, you can also{' '}
          <Link to="/forgot-password">set a new password with it</Link>.
        </>
      }
    />
  );
}
