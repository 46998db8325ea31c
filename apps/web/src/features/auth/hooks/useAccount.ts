import { useContext } from 'react';
import type { AccountView } from '@kinship/domain/wire';
import { AccountContext, type AccountContextValue } from '../state';

export function useAccountState(): AccountContextValue {
  const value = useContext(AccountContext);
  if (!value) throw new Error('useAccountState must be used inside <AccountProvider>');
  return value;
}

/** The logged-in account; only for pages behind <RequireAccount>. */
export function useAccount(): AccountView {
  const { state } = useAccountState();
  if (state.status !== 'signed-in') throw new Error('useAccount used outside a signed-in page');
  return state.account;
}
