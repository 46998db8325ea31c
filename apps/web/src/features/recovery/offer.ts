import { useSyncExternalStore } from 'react';

/**
 * Whether to offer recovery codes: set once an account is made on this tab, until the person makes
 * them or says "Not now". Kept in memory only: nothing about it is stored on the device.
 */
let offered = false;
const listeners = new Set<() => void>();

function set(value: boolean) {
  offered = value;
  listeners.forEach((listener) => listener());
}

export const offerRecoveryCodes = () => set(true);
export const dismissRecoveryCodesOffer = () => set(false);

export function useRecoveryCodesOffer(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => offered,
  );
}
