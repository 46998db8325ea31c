import { useSyncExternalStore } from 'react';

/**
 * Whether an account was made on this tab and its first steps are still to be offered (recovery
 * codes, features/recovery): set on registering, until the person makes the codes or says "Not
 * now". Kept in memory only: nothing about it is stored on the device.
 */
let offered = false;
const listeners = new Set<() => void>();

function set(value: boolean) {
  offered = value;
  listeners.forEach((listener) => listener());
}

export const markAccountMadeHere = () => set(true);
export const forgetAccountMadeHere = () => set(false);

export function useAccountMadeHere(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => offered,
  );
}
