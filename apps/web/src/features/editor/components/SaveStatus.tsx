import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { CheckIcon, CloudIcon, OfflineIcon } from '../../../ui/icons';
import type { SaveState, SaveTracker } from '../save-tracker';

const TEXT: Record<SaveState, string> = {
  connecting: 'Connecting…',
  saving: 'Saving…',
  saved: 'All changes saved',
  offline: 'Offline — changes kept on this device',
  refused: 'Not saved — this document cannot be edited now',
};

export function useSaveState(tracker: SaveTracker): SaveState {
  return useSyncExternalStore(tracker.subscribe, tracker.getSnapshot);
}

/**
 * The connection's truth, in words, always visible next to the document. Screen readers hear only
 * the changes that matter (going offline, coming back), not every save while typing.
 */
export function SaveStatus({ tracker }: { tracker: SaveTracker }) {
  const state = useSaveState(tracker);
  const [announcement, setAnnouncement] = useState('');
  const wasOffline = useRef(false);
  useEffect(() => {
    if (state === 'offline' && !wasOffline.current) {
      wasOffline.current = true;
      setAnnouncement('You are offline. Your changes are kept on this device and sent when you are back online.');
    } else if (state === 'saved' && wasOffline.current) {
      wasOffline.current = false;
      setAnnouncement('Back online. All changes saved.');
    }
  }, [state]);
  return (
    <div className="save-status-wrap">
      <p className={`save-status save-status--${state}`} data-state={state}>
        {state === 'saved' ? <CheckIcon /> : state === 'offline' || state === 'refused' ? <OfflineIcon /> : <CloudIcon />}
        <span>{TEXT[state]}</span>
      </p>
      <p className="visually-hidden" role="status">
        {state === 'refused' ? 'Your latest changes were not saved: this document cannot be edited now.' : announcement}
      </p>
    </div>
  );
}
