import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import { useLiveSession } from '../live-session-context';

/**
 * Carries out "Bring everyone here" for a participant: opens the counselor's document (the
 * document page then places the caret, and marks it done). Someone who has not joined the
 * session is not moved. Says who moved the screen, for screen readers.
 */
export function BringHereFollower() {
  const live = useLiveSession();
  const navigate = useNavigate();
  const pending = live?.state.bringHere ?? null;
  const session = live?.state.session ?? null;
  const meId = live?.me.accountId;
  const here = live?.documentId ?? null;
  const brought = live?.brought;
  useEffect(() => {
    if (!pending || !brought || !session) return;
    if (!meId || !session.participantIds.includes(meId)) {
      brought(pending.nonce, false);
      return;
    }
    if (pending.documentId !== here) navigate(`/workspaces/${session.workspaceId}/documents/${pending.documentId}`);
  }, [pending, brought, session, meId, here, navigate]);
  const last = live?.state.lastBrought;
  return (
    <p className="visually-hidden" role="status">
      {last ? `${live?.nameOf(last.by) ?? 'Your counselor'} brought everyone to this place.` : ''}
    </p>
  );
}
