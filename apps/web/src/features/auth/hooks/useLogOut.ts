import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { forgetEverything, rememberedAccess, unsavedDocuments } from '../../../shared/device-storage';
import { NetworkError, errorMessage } from '../../../shared/http';
import { logout } from '../api';
import { useAccountState } from './useAccount';

/** A document whose edits on this device the server has not confirmed. */
export interface UnsavedDocument {
  documentId: string;
  /** The title this device last knew, or null. */
  title: string | null;
}

/**
 * Logging out deletes everything Kinship kept on this device. When the device holds edits the
 * server has not confirmed, that is said first and the person chooses: nothing disappears
 * without their say.
 */
export function useLogOut() {
  const { signedOut } = useAccountState();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [unsaved, setUnsaved] = useState<UnsavedDocument[] | null>(null);

  async function logOutNow() {
    setBusy(true);
    setError(null);
    try {
      await logout();
    } catch (e) {
      setError(
        e instanceof NetworkError
          ? "You're offline, so you can't log out right now. Try again when you're back online."
          : errorMessage(e),
      );
      setBusy(false);
      setUnsaved(null);
      return;
    }
    // Leave the pages first, so the open document lets go of its copy, then delete everything.
    signedOut();
    navigate('/login', { replace: true });
    await forgetEverything();
  }

  return {
    busy,
    error,
    /** Documents with unconfirmed edits, while the person is being asked; null otherwise. */
    unsaved,
    /** The Log out button: asks first when edits would be lost. */
    requestLogOut() {
      const waiting = unsavedDocuments().map(({ accountId, documentId }) => ({
        documentId,
        title: rememberedAccess<{ document?: { title?: string } }>(accountId, documentId).get()?.document?.title ?? null,
      }));
      if (waiting.length > 0) setUnsaved(waiting);
      else void logOutNow();
    },
    /** The person chose to log out and delete the unconfirmed edits. */
    confirmLogOut() {
      void logOutNow();
    },
    /** The person chose to stay logged in. */
    cancelLogOut() {
      setUnsaved(null);
    },
  };
}
