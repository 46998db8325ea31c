import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ChangePasswordBody } from '@kinship/domain/wire';
import { useFormFields } from '../../../shared/forms';
import { Button } from '../../../ui/Button';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { PasswordField } from '../../../ui/PasswordField';
import { changePassword } from '../api';
import { CHANGE_PASSWORD_ANCHOR, passwordChangedMessage } from '../password-change';
import { securityKeys } from '../queries';

const LABELS = { currentPassword: 'Current password', newPassword: 'New password' };

/**
 * "Change password": the password now and a new one (the same hints as when the account was made).
 * Every other device is signed out; this one stays, and the page says how many went.
 */
export function ChangePasswordSection() {
  const queryClient = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const form = useFormFields(LABELS);

  const change = useMutation({
    mutationFn: (body: ChangePasswordBody) => changePassword(body),
    onSuccess: async ({ otherSessionsEnded: otherLoginsEnded }) => {
      form.set('currentPassword', '');
      form.set('newPassword', '');
      setDone(passwordChangedMessage(otherLoginsEnded));
      await queryClient.invalidateQueries({ queryKey: securityKeys.logins });
    },
    onError: (error) => form.fail(error),
  });

  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  function submit(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    const body = form.check(ChangePasswordBody, form.values);
    if (body) change.mutate(body);
  }

  return (
    <section className="security__section" id={CHANGE_PASSWORD_ANCHOR} aria-labelledby="change-password-title" tabIndex={-1}>
      <h2 id="change-password-title">Change password</h2>
      <p>Every other device signed in to your account is signed out when you change it. This one stays signed in.</p>
      <form className="form" onSubmit={submit} noValidate>
        <PasswordField {...form.field('currentPassword')} required />
        <PasswordField {...form.field('newPassword')} purpose="new" required />
        <ErrorNotice message={form.formError} />
        <Button type="submit" variant="primary" busy={change.isPending} busyLabel="Changing your password…">
          Change password
        </Button>
      </form>
      <div role="status">
        {done && (
          <p className="form__saved" ref={doneRef} tabIndex={-1}>
            {done}
          </p>
        )}
      </div>
    </section>
  );
}
