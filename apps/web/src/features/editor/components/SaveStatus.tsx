import { useSyncExternalStore } from 'react';
import { CheckIcon, CloudIcon, OfflineIcon } from '../../../ui/icons';
import type { SaveState, SaveTracker } from '../save-tracker';

const TEXT: Record<SaveState, string> = {
  connecting: 'Connecting…',
  saving: 'Saving…',
  saved: 'All changes saved',
  offline: 'Offline — changes kept on this device',
};

export function useSaveState(tracker: SaveTracker): SaveState {
  return useSyncExternalStore(tracker.subscribe, tracker.getSnapshot);
}

/** The connection's truth, in words, always visible next to the document. */
export function SaveStatus({ tracker }: { tracker: SaveTracker }) {
  const state = useSaveState(tracker);
  return (
    <p className={`save-status save-status--${state}`} role="status" aria-live="polite" data-state={state}>
      {state === 'saved' ? <CheckIcon /> : state === 'offline' ? <OfflineIcon /> : <CloudIcon />}
      <span>{TEXT[state]}</span>
    </p>
  );
}
