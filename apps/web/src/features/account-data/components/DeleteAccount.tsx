import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { FORMER_MEMBER_NAME } from '@kinship/domain/wire';
import { useAccountState } from '../../auth/hooks/useAccount';
import { PasswordField } from '../../../ui/PasswordField';
import { forgetEverything } from '../../../shared/device-storage';
import { ApiError, errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { deleteAccount } from '../api';
import { workspacesQuery } from '../../workspaces/queries';
import { clientConfigQuery } from '../queries';
import { rolesHeld } from '../roles';
import './account-data.css';

/**
 * "Delete my account": says first what goes at once and what the counselor keeps, for how long;
 * the person types their password, then confirms once more.
 */
export function DeleteAccount() {
  const { signedOut } = useAccountState();
  const navigate = useNavigate();
  const config = useQuery(clientConfigQuery());
  const years = config.data?.recordRetentionYears;
  const roles = rolesHeld(useQuery(workspacesQuery()).data);
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [asking, setAsking] = useState(false);
  const remove = useMutation({
    mutationFn: () => deleteAccount({ password }),
    onSuccess: async () => {
      signedOut('deleted');
      navigate('/login', { replace: true });
      await forgetEverything();
    },
    onError: (error) => {
      setAsking(false);
      if (error instanceof ApiError && error.field === 'password') setFieldError(error.message);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!password) {
      setFieldError('Type your password to confirm.');
      return;
    }
    setFieldError(undefined);
    setAsking(true);
  }

  const otherError = remove.error && !(remove.error instanceof ApiError && remove.error.field === 'password') ? remove.error : null;
  return (
    <section className="card account-data" aria-labelledby="delete-account-title">
      <h2 id="delete-account-title" className="card__title">
        Delete my account
      </h2>
      <h3 className="account-data__subtitle">Deleted at once</h3>
      <ul>
        <li>Your email address, your name and your password.</li>
        <li>Your sign-ins on every device: each one is logged out.</li>
        <li>Your notifications, and your place in each workspace.</li>
        <li>What Kinship kept on this device.</li>
      </ul>
      {roles.counselor && (
        <>
          <h3 className="account-data__subtitle">Your workspaces as a counselor</h3>
          <p>
            A workspace you counsel goes with your account only when no partner is left in it: its documents, agreements
            and session records are deleted then. While a partner is still in one, your account cannot be deleted, because
            their records need their counselor: remove the partners from it first (People, on the workspace page). If you
            want a copy, export each workspace or download your records first.
          </p>
        </>
      )}
      {roles.partner && (
        <>
          <h3 className="account-data__subtitle">What your counselor keeps</h3>
          <p>
            Counseling records must be kept. What you wrote in shared documents and agreements, and the records of live
            sessions, stay with your counselor, shown as written by “{FORMER_MEMBER_NAME}”
            {years ? `, for ${years} years` : ''}. If you want a copy, download your records first.
          </p>
        </>
      )}
      <p>
        The practice’s audit trail is kept too, and cannot be changed: when you signed in and out, what you opened and
        changed, from which network address and device, and the email typed in any failed sign-in.
      </p>
      <form onSubmit={submit} noValidate>
        <PasswordField
          label="Type your password to confirm"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={fieldError}
        />
        <ErrorNotice message={otherError ? errorMessage(otherError) : null} />
        <Button type="submit" variant="danger">
          Delete my account
        </Button>
      </form>
      <ConfirmDialog
        open={asking}
        title="Delete your account now?"
        confirmLabel="Delete my account"
        cancelLabel="Keep my account"
        onConfirm={() => remove.mutate()}
        onCancel={() => setAsking(false)}
        busy={remove.isPending}
        busyLabel="Deleting…"
      >
        <p>This cannot be undone. You will be logged out everywhere.</p>
      </ConfirmDialog>
    </section>
  );
}
