import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { setPasswordWithResetLink } from '../api';
import { passwordResetLinkQuery } from '../queries';
import { NewPasswordFromLink } from './NewPasswordFromLink';

/** /reset-password/:token: the link "Forgot password?" mailed; as the counselor's link page, with its own words. */
export default function PasswordResetPage() {
  const { token = '' } = useParams();
  const preview = useQuery(passwordResetLinkQuery(token));
  return (
    <NewPasswordFromLink
      preview={preview}
      intro={(link) => `For the account that uses ${link.email}.`}
      setPassword={(newPassword) => setPasswordWithResetLink(token, newPassword)}
      usedUp="The link in the email no longer works."
      instead={
        <>
          A link from a reset email works once, for a short while. <Link to="/forgot-password">Ask for a new one</Link>, use a recovery code, or ask your counselor
          for a recovery link.
        </>
      }
    />
  );
}
