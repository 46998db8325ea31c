import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import type { TotpEnrollmentView } from '@kinship/domain/wire';
import { errorMessage, ApiError } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { TextField } from '../../../ui/TextField';
import { PasswordField } from '../../../ui/PasswordField';
import { TotpKey } from './TotpKey';
import { confirmTotp, disableTotp, startTotpEnrollment } from '../api';
import { securityKeys, totpStatusQuery } from '../queries';
import { RecoveryCodesList } from '../../recovery/components/RecoveryCodesList';
import { recoveryKeys } from '../../recovery/queries';

const fieldError = (error: unknown, field: string) => (error instanceof ApiError && error.field === field ? error.message : undefined);

/** Two-step sign-in: set it up (QR code, key, a code to confirm), the recovery codes shown once, and turning it off. */
export function TwoStepSection() {
  const queryClient = useQueryClient();
  const { data: status, error, isPending, refetch } = useQuery(totpStatusQuery());
  const [enrollment, setEnrollment] = useState<TotpEnrollmentView | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [offCode, setOffCode] = useState('');
  const [turnedOff, setTurnedOff] = useState(false);
  const codesRef = useRef<HTMLHeadingElement>(null);

  const start = useMutation({
    mutationFn: startTotpEnrollment,
    onSuccess: (view) => {
      setEnrollment(view);
      setTurnedOff(false);
    },
  });
  const confirm = useMutation({
    mutationFn: (value: string) => confirmTotp(value),
    onSuccess: async (view) => {
      setEnrollment(null);
      setCode('');
      setRecoveryCodes(view.recoveryCodes);
      await queryClient.invalidateQueries({ queryKey: securityKeys.totp });
      // Other pages refused before may work now (a counselor who had to set it up first).
      await queryClient.invalidateQueries();
      requestAnimationFrame(() => codesRef.current?.focus());
    },
  });
  const off = useMutation({
    mutationFn: () => disableTotp(password, offCode),
    onSuccess: async () => {
      setPassword('');
      setOffCode('');
      setTurnedOff(true);
      await queryClient.invalidateQueries({ queryKey: securityKeys.totp });
    },
  });

  function submitCode(event: FormEvent) {
    event.preventDefault();
    confirm.mutate(code);
  }
  function submitOff(event: FormEvent) {
    event.preventDefault();
    off.mutate();
  }
  return (
    <section className="security__section" aria-labelledby="two-step-title">
      <h2 id="two-step-title">Two-step sign-in</h2>
      {isPending && <Loading label="Reading your sign-in settings…" />}
      {error && (
        <Notice tone="error">
          <p>{errorMessage(error)}</p>
          <Button onClick={() => void refetch()}>Try again</Button>
        </Notice>
      )}
      {status?.required && !status.enabled && (
        <Notice tone="info" title="Your practice asks counselors to use two-step sign-in">
          <p>Set it up here to continue to your workspaces.</p>
        </Notice>
      )}

      {recoveryCodes && (
        <RecoveryCodesList
          ref={codesRef}
          codes={recoveryCodes}
          intro="Two-step sign-in is on, with a new set of recovery codes (any codes you had before no longer work). If you lose your phone, each code lets you sign in once; if you forget your password, one lets you set a new one."
          onDone={() => {
            setRecoveryCodes(null);
            void queryClient.invalidateQueries({ queryKey: recoveryKeys.codes });
          }}
        />
      )}

      {status && !status.enabled && !enrollment && !recoveryCodes && (
        <>
          {turnedOff && (
            <Notice tone="success" live>
              Two-step sign-in is off.
            </Notice>
          )}
          <p>
            Besides your password, sign in with a code from an authenticator app on your phone (any app that shows 6-digit codes).
            Someone who learns your password still cannot get in.
          </p>
          <Button variant="primary" onClick={() => start.mutate()} busy={start.isPending} busyLabel="Preparing…">
            Set up two-step sign-in
          </Button>
          {start.error && (
            <Notice tone="error" live>
              {errorMessage(start.error)}
            </Notice>
          )}
        </>
      )}

      {enrollment && (
        <form className="form totp-enroll" onSubmit={submitCode} noValidate>
          <p>1. In your authenticator app, add an account and scan this code.</p>
          <img className="totp-enroll__qr" src={enrollment.qrCode} alt="QR code to scan with your authenticator app" />
          <TotpKey secret={enrollment.secret} />
          <p>2. Enter the 6-digit code the app shows.</p>
          <TextField
            label="Code from the app"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            value={code}
            onChange={(event) => setCode(event.target.value)}
            error={fieldError(confirm.error, 'code')}
            required
          />
          {confirm.error && !fieldError(confirm.error, 'code') && (
            <Notice tone="error" live>
              {errorMessage(confirm.error)}
            </Notice>
          )}
          <div className="form__actions">
            <Button type="submit" variant="primary" busy={confirm.isPending} busyLabel="Checking…">
              Turn on
            </Button>
            <Button variant="quiet" onClick={() => setEnrollment(null)}>
              Cancel
            </Button>
          </div>
        </form>
      )}

      {status?.enabled && !recoveryCodes && (
        <>
          <p>
            Two-step sign-in is on. You have {status.recoveryCodesLeft} unused recovery {status.recoveryCodesLeft === 1 ? 'code' : 'codes'}.
          </p>
          {status.required ? (
            <p>Your practice asks counselors to keep it on.</p>
          ) : (
            <form className="form" onSubmit={submitOff} noValidate>
              <h3>Turn it off</h3>
              <PasswordField
                label="Your password"
                name="password"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                error={fieldError(off.error, 'password')}
                required
              />
              <TextField
                label="Code from the app, or a recovery code"
                name="off-code"
                autoComplete="one-time-code"
                value={offCode}
                onChange={(event) => setOffCode(event.target.value)}
                error={fieldError(off.error, 'code')}
                required
              />
              {off.error && !fieldError(off.error, 'password') && !fieldError(off.error, 'code') && (
                <Notice tone="error" live>
                  {errorMessage(off.error)}
                </Notice>
              )}
              <div className="form__actions">
                <Button type="submit" variant="danger" busy={off.isPending} busyLabel="Turning off…">
                  Turn off two-step sign-in
                </Button>
              </div>
            </form>
          )}
        </>
      )}
    </section>
  );
}
