import type { UseQueryResult } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
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
import { PasswordSet } from './PasswordSet';

const LABELS = { newPassword: 'New password' };

interface Props<Preview extends { expiresAt: string }> {
  /** What the link says about itself (whose password, until when); an error when it cannot be used. */
  preview: UseQueryResult<Preview>;
  /** Who the password is for, from the preview. */
  intro: (preview: Preview) => ReactNode;
  /** Sets the new password with the link. */
  setPassword: (newPassword: string) => Promise<PasswordReset>;
  /** Said once the password is set: the link works no more. */
  usedUp: string;
  /** Said under a link that does not work: what to do instead. */
  instead: ReactNode;
}

/**
 * A one-time link's page (the counselor's recovery link, a reset link by email): the link checked,
 * a new password chosen, every login of the account ended; or why the link does not work.
 */
export function NewPasswordFromLink<Preview extends { expiresAt: string }>({ preview, intro, setPassword, usedUp, instead }: Props<Preview>) {
  useDocumentTitle('Set a new password');
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
      setDone(await setPassword(body.newPassword));
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
        <PasswordSet reset={done} how={usedUp} />
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
        <p>{instead}</p>
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
    <AuthLayout title="Set a new password" intro={<p>{intro(preview.data)}</p>}>
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
