import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { UseRecoveryLinkBody, type PasswordReset } from '@kinship/domain/wire';
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
import { setPasswordWithLink } from '../api';
import { recoveryLinkQuery } from '../queries';
import { PasswordSet } from './PasswordSet';

const LABELS = { newPassword: 'New password' };

/** /recover/:token: the counselor's one-time link; the partner sets a new password here, the counselor never sees it. */
export default function RecoveryLinkPage() {
  useDocumentTitle('Set a new password');
  const { token = '' } = useParams();
  const preview = useQuery(recoveryLinkQuery(token));
  const form = useFormFields(LABELS);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<PasswordReset | null>(null);
  const [linkGone, setLinkGone] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(UseRecoveryLinkBody, form.values);
    if (!body) return;
    setBusy(true);
    try {
      setDone(await setPasswordWithLink(token, body.newPassword));
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
        <PasswordSet reset={done} how="This link no longer works." />
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
          A recovery link works once, for a few hours, and your counselor can withdraw it. If you have a recovery code, you can also{' '}
          <Link to="/forgot-password">set a new password with it</Link>.
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
    <AuthLayout
      title="Set a new password"
      intro={
        <p>
          For {preview.data.displayName} ({preview.data.email}). Your counselor sent this link; they never see the password you choose.
        </p>
      }
    >
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
