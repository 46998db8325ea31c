import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { MakeRecoveryCodesBody } from '@kinship/domain/wire';
import { useFormFields } from '../../../shared/forms';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { formatDate } from '../../../ui/format';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PasswordField } from '../../../ui/PasswordField';
import { makeRecoveryCodes } from '../api';
import { recoveryCodesQuery, recoveryKeys } from '../queries';
import { RecoveryCodesList } from './RecoveryCodesList';

const LABELS = { password: 'Your password' };

/**
 * Account and security's "Recovery codes": how many are left, and making a set (the first, or a
 * new one that ends the old: said before it happens). The password is asked; the codes are shown once.
 */
export function RecoveryCodesSection() {
  const queryClient = useQueryClient();
  const { data: status, error, isPending, refetch } = useQuery(recoveryCodesQuery());
  const [asking, setAsking] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const form = useFormFields(LABELS);
  const codesRef = useRef<HTMLHeadingElement>(null);

  const make = useMutation({
    mutationFn: (password: string) => makeRecoveryCodes(password),
    onSuccess: async (view) => {
      form.set('password', '');
      setAsking(false);
      setCodes(view.recoveryCodes);
      await queryClient.invalidateQueries({ queryKey: recoveryKeys.codes });
      requestAnimationFrame(() => codesRef.current?.focus());
    },
    onError: (e) => form.fail(e),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(MakeRecoveryCodesBody.required(), form.values);
    if (body) make.mutate(body.password);
  }

  const hasCodes = (status?.left ?? 0) > 0;
  return (
    <section className="security__section" aria-labelledby="recovery-codes-title" id="recovery-codes">
      <h2 id="recovery-codes-title">Recovery codes</h2>
      {isPending && <Loading label="Reading your recovery codes…" />}
      {error && (
        <Notice tone="error">
          <p>{errorMessage(error)}</p>
          <Button onClick={() => void refetch()}>Try again</Button>
        </Notice>
      )}
      {codes ? (
        <RecoveryCodesList
          ref={codesRef}
          codes={codes}
          intro="If you forget your password, one of these codes lets you set a new one (“Forgot password?” on the log-in page). Each works once. With two-step sign-in, a code can also stand in for your phone."
          onDone={() => setCodes(null)}
        />
      ) : (
        status && (
          <>
            <p>
              {hasCodes
                ? `You have ${status.left} unused recovery ${status.left === 1 ? 'code' : 'codes'}${status.madeAt ? `, made on ${formatDate(status.madeAt)}` : ''}.`
                : 'You have no unused recovery codes. Without one, a forgotten password means asking your counselor for a recovery link.'}
            </p>
            {!asking ? (
              <Button variant={hasCodes ? 'secondary' : 'primary'} onClick={() => setAsking(true)}>
                {hasCodes ? 'Make new codes…' : 'Make recovery codes'}
              </Button>
            ) : (
              <form className="form" onSubmit={submit} noValidate>
                {hasCodes && (
                  <Notice tone="info" title="Your codes now will stop working">
                    <p>Making new codes ends the {status.left} you have now, wherever you kept them. Keep the new ones instead.</p>
                  </Notice>
                )}
                <PasswordField {...form.field('password')} hint="To be sure it is you." required />
                <ErrorNotice message={form.formError} />
                <div className="form__actions">
                  <Button type="submit" variant="primary" busy={make.isPending} busyLabel="Making codes…">
                    {hasCodes ? 'Make new codes' : 'Make recovery codes'}
                  </Button>
                  <Button variant="quiet" onClick={() => setAsking(false)}>
                    Cancel
                  </Button>
                </div>
              </form>
            )}
          </>
        )
      )}
    </section>
  );
}
