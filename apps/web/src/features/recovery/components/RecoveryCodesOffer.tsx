import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { Notice } from '../../../ui/Notice';
import { makeRecoveryCodes } from '../api';
import { forgetAccountMadeHere, useAccountMadeHere } from '../../auth/new-account';
import { recoveryKeys } from '../queries';
import { RecoveryCodesList } from './RecoveryCodesList';

/**
 * Right after registering, above whatever page comes next: "Keep a way back in", with the codes
 * made on the spot (the login is minutes old, so no password is asked again) and shown once.
 */
export function RecoveryCodesOffer() {
  const offered = useAccountMadeHere();
  const queryClient = useQueryClient();
  const [codes, setCodes] = useState<string[] | null>(null);
  const codesRef = useRef<HTMLHeadingElement>(null);
  const make = useMutation({
    mutationFn: () => makeRecoveryCodes(),
    onSuccess: async (view) => {
      setCodes(view.recoveryCodes);
      await queryClient.invalidateQueries({ queryKey: recoveryKeys.codes });
      requestAnimationFrame(() => codesRef.current?.focus());
    },
  });
  if (!offered) return null;
  return (
    <section className="recovery-offer card" aria-labelledby="recovery-offer-title">
      {codes ? (
        <RecoveryCodesList
          ref={codesRef}
          codes={codes}
          intro="If you forget your password, one of these codes lets you set a new one (“Forgot password?” on the log-in page). Each works once."
          onDone={() => {
            setCodes(null);
            forgetAccountMadeHere();
          }}
        />
      ) : (
        <>
          <h2 id="recovery-offer-title" className="card__title">
            Keep a way back in
          </h2>
          <p>
            If you ever forget your password, a recovery code lets you set a new one without anybody’s help. Make ten now and keep
            them somewhere only you can reach. You can also do this later in Account and security.
          </p>
          {make.error && (
            <Notice tone="error" live>
              {errorMessage(make.error)} You can make them in Account and security.
            </Notice>
          )}
          <div className="form__actions">
            <Button variant="primary" onClick={() => make.mutate()} busy={make.isPending} busyLabel="Making codes…">
              Make recovery codes
            </Button>
            <Button variant="quiet" onClick={forgetAccountMadeHere}>
              Not now
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
