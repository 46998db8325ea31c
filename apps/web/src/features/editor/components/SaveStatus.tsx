import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { CheckIcon, CloudIcon, LockIcon, OfflineIcon } from '../../../ui/icons';
import type { SaveState, SaveTracker } from '../save-tracker';
import './save-status.css';

const TEXT: Record<SaveState, string> = {
  connecting: 'Connecting…',
  saving: 'Saving…',
  saved: 'All changes saved',
  offline: 'Offline — changes kept on this device',
  // Shown only for the moment before refused edits are taken back (the page then says why).
  refused: 'Change not saved',
};

/** For someone who cannot edit here: nothing is theirs to save, so nothing can fail. */
const READ_ONLY_TEXT: Record<SaveState, string> = {
  connecting: 'Connecting…',
  saving: 'Read only',
  saved: 'Read only',
  offline: 'Offline — showing the copy on this device',
  refused: 'Read only',
};

export function useSaveState(tracker: SaveTracker): SaveState {
  return useSyncExternalStore(tracker.subscribe, tracker.getSnapshot);
}

/**
 * The connection's truth, in words, always visible next to the document. Screen readers hear only
 * the changes that matter (going offline, coming back), not every save while typing.
 */
export function SaveStatus({ tracker, readOnly = false }: { tracker: SaveTracker; readOnly?: boolean }) {
  const tracked = useSaveState(tracker);
  // A reader's status never says "refused": they made no edit for the server to refuse.
  const state: SaveState = readOnly && tracked === 'refused' ? 'saved' : tracked;
  const [announcement, setAnnouncement] = useState('');
  const wasOffline = useRef(false);
  useEffect(() => {
    if (state === 'offline' && !wasOffline.current) {
      wasOffline.current = true;
      setAnnouncement(
        readOnly
          ? 'You are offline. The document shown is the copy on this device.'
          : 'You are offline. Your changes are kept on this device and sent when you are back online.',
      );
    } else if (state === 'saved' && wasOffline.current) {
      wasOffline.current = false;
      setAnnouncement(readOnly ? 'Back online.' : 'Back online. All changes saved.');
    }
  }, [state, readOnly]);
  return (
    <div className="save-status-wrap">
      <p className={`save-status save-status--${state}${readOnly ? ' save-status--read-only' : ''}`} data-state={state}>
        {readOnly ? <LockIcon /> : state === 'saved' ? <CheckIcon /> : state === 'offline' || state === 'refused' ? <OfflineIcon /> : <CloudIcon />}
        <span>{(readOnly ? READ_ONLY_TEXT : TEXT)[state]}</span>
      </p>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </div>
  );
}
