import { useEffect, useRef } from 'react';
import { Link } from 'react-router-dom';
import type { PasswordReset } from '@kinship/domain/wire';
import { Notice } from '../../../ui/Notice';

/** What a new password set from outside did, and the way to log in with it. */
export function PasswordSet({ reset, how }: { reset: PasswordReset; how: string }) {
  const linkRef = useRef<HTMLAnchorElement>(null);
  useEffect(() => linkRef.current?.focus(), []);
  return (
    <>
      <Notice tone="success" live>
        <p>Every device that was signed in to your account has been signed out. {how}</p>
        {reset.secondFactor && <p>Two-step sign-in is still on: you will be asked for a code from your authenticator app after your password.</p>}
      </Notice>
      <p>
        <Link ref={linkRef} className="button button--primary" to="/login">
          Log in with your new password
        </Link>
      </p>
    </>
  );
}
