import { createContext, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AccountView } from '@kinship/domain/wire';
import { rememberedAccount } from '../../shared/device-storage';
import { ApiError, NetworkError, onUnauthenticated } from '../../shared/http';
import { fetchMe } from './api';
import { afterSignedOut, type SignedOutReason } from './signed-out';

export type { SignedOutReason } from './signed-out';

/**
 * Who is logged in. The last known account is kept on this device, so a page reloaded while
 * offline still opens (and its saved-on-device edits with it); a 401 forgets it at once.
 */
export type AccountState =
  | { status: 'loading' }
  | { status: 'anonymous'; reason?: SignedOutReason }
  | { status: 'signed-in'; account: AccountView; fromDevice: boolean }
  | { status: 'unreachable'; message: string };

export interface AccountContextValue {
  state: AccountState;
  /** After logging in or registering. */
  signedIn: (account: AccountView) => void;
  /** After logging out (no reason), or when the login is found to be gone (saying why). */
  signedOut: (reason?: SignedOutReason) => void;
  retry: () => void;
}

export const AccountContext = createContext<AccountContextValue | null>(null);

function rememberedOnDevice(): AccountView | null {
  const parsed = rememberedAccount.get<Partial<AccountView>>();
  if (parsed && typeof parsed.id === 'string' && typeof parsed.displayName === 'string' && typeof parsed.email === 'string') {
    return parsed as AccountView;
  }
  return null;
}

function remember(account: AccountView | null) {
  rememberedAccount.set(account);
}

export function AccountProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AccountState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchMe(controller.signal)
      .then((account) => {
        remember(account);
        setState({ status: 'signed-in', account, fromDevice: false });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) {
          // A login this device still remembers was not ended by a logout here (that forgets it).
          const known = rememberedOnDevice() !== null;
          remember(null);
          setState({ status: 'anonymous', reason: error.code === 'session_idle' ? 'idle' : known ? 'ended' : undefined });
          return;
        }
        const known = rememberedOnDevice();
        setState((current) => {
          // A recheck that fails for any other reason than a 401 keeps what is on screen.
          if (current.status === 'signed-in') return current;
          if (error instanceof NetworkError && known) return { status: 'signed-in', account: known, fromDevice: true };
          return { status: 'unreachable', message: error instanceof Error ? error.message : 'Something went wrong.' };
        });
      });
    return () => controller.abort();
  }, [attempt]);

  const signedIn = useCallback((account: AccountView) => {
    remember(account);
    setState({ status: 'signed-in', account, fromDevice: false });
  }, []);
  const signedOut = useCallback((reason?: SignedOutReason) => {
    remember(null);
    setState((current) => ({ status: 'anonymous', reason: current.status === 'anonymous' ? afterSignedOut(current.reason, reason) : reason }));
  }, []);
  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((a) => a + 1);
  }, []);

  useEffect(() => onUnauthenticated((why) => signedOut(why === 'session_idle' ? 'idle' : 'ended')), [signedOut]);

  // Opened from this device while offline: check with the server again once the network is back.
  const fromDevice = state.status === 'signed-in' && state.fromDevice;
  useEffect(() => {
    if (!fromDevice) return;
    const recheck = () => setAttempt((a) => a + 1);
    window.addEventListener('online', recheck);
    const timer = setInterval(recheck, 15_000);
    return () => {
      window.removeEventListener('online', recheck);
      clearInterval(timer);
    };
  }, [fromDevice]);

  const value = useMemo(() => ({ state, signedIn, signedOut, retry }), [state, signedIn, signedOut, retry]);
  return <AccountContext.Provider value={value}>{children}</AccountContext.Provider>;
}
