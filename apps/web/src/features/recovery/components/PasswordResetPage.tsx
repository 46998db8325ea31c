import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { UsePasswordResetLinkBody, type PasswordReset } from '@kinship/domain/wire';
import { useFormFields } from '../../../shared/forms';
import { ApiError, errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { formatDateTime } from '../../../ui/format';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PasswordField } from '../../../ui/PasswordField';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import { AuthLayout } from '../../auth/components/AuthLayout';
import { setPasswordWithResetLink } from '../api';
import { passwordResetLinkQuery } from '../queries';
import { PasswordSet } from './PasswordSet';

const LABELS = { newPassword: 'New password' };

/** /reset-password/:token: the link "Forgot password?" mailed; as the counselor's link page, with its own words. */
export default function PasswordResetPage() {
  useDocumentTitle('Set a new password');
  const { token = '' } = useParams();
  const preview = useQuery(passwordResetLinkQuery(token));
  const form = useFormFields(LABELS);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<PasswordReset | null>(null);
  const [linkGone, setLinkGone] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(UsePasswordResetLinkBody, form.values);
    if (!body) return;
    setBusy(true);
    try {
      setDone(await setPasswordWithResetLink(token, body.newPassword));
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 410)) setLinkGone(error.message);
      else form.fail(error);
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <AuthLayout title="Your new password is set">
        <PasswordSet reset={done} how="The link in the email no longer works." />
      </AuthLayout>
    );
  }
  const refused = linkGone ?? (preview.error ? errorMessage(preview.error) : null);
  if (refused) {
    return (
      <AuthLayout title="This link does not work">
        <Notice tone="error" live>
          <p>{refused}</p>
        </Notice>
        <p>
          A link from a reset email works once, for a short while. <Link to="/forgot-password">Ask for a new one</Link>, use a recovery code, or ask your
          counselor for a recovery link.
        </p>
      </AuthLayout>
    );
  }
  if (!preview.data) {
    return (
      <AuthLayout title="Set a new password">
        <Loading label="Checking the link…" />
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Set a new password" intro={<p>For the account that uses {preview.data.email}.</p>}>
      <form className="form" onSubmit={submit} noValidate>
        <PasswordField {...form.field('newPassword')} purpose="new" required />
        <ErrorNotice message={form.formError} />
        <p className="field__hint">
          Every device signed in to your account will be signed out. The link works once, until {formatDateTime(preview.data.expiresAt)}.
        </p>
        <Button type="submit" variant="primary" busy={busy} busyLabel="Setting your password…">
          Set new password
        </Button>
      </form>
    </AuthLayout>
  );
}
