import { Link, useMatch, useNavigate } from 'react-router-dom';
import { useJointWork } from '../../safety/hooks';
import { can } from '@kinship/domain/rules';
import { Button } from '../../../ui/Button';
import { formatClock, formatTime } from '../../../ui/format';
import { CloseIcon, PauseIcon } from '../../../ui/icons';
import { useNow } from '../hooks/useNow';
import { useLiveSession } from '../live-session-context';
import { breakRemaining, counselorOf } from '../live-state';
import './live-status.css';

/**
 * The top of every page in a workspace while a session is live: the invitation to join, and
 * the calm full-width notice while the session is paused. After a session ends, a link to its
 * record.
 */
export function LiveSessionStatus() {
  const live = useLiveSession();
  const onRecord = useMatch('/workspaces/:workspaceId/sessions/:sessionId')?.params.sessionId;
  if (!live) return null;
  const { state } = live;
  if (!state.session) {
    if (!state.endedSessionId || onRecord === state.endedSessionId) return null;
    return (
      <div className="live-status">
        <div className="live-banner live-banner--ended" role="status">
          <p className="live-banner__text">The live session has ended.</p>
          <div className="live-banner__actions">
            <Link className="button button--secondary button--small" to={`/workspaces/${state.workspaceId}/sessions/${state.endedSessionId}`}>
              See the session record
            </Link>
            <Button size="small" variant="quiet" onClick={live.dismissEnded} aria-label="Dismiss: the live session has ended">
              <CloseIcon />
            </Button>
          </div>
        </div>
      </div>
    );
  }
  return (
    <div className="live-status">
      <JoinBanner />
      {state.session.pause && <PauseNotice />}
    </div>
  );
}

function JoinBanner() {
  const live = useLiveSession()!;
  const navigate = useNavigate();
  const session = live.state.session!;
  // The counselor may have paused joint work: nobody joins meanwhile (the banner says so).
  const jointWorkPaused = useJointWork(live.state.workspaceId)?.paused;
  const { me } = live;
  const joined = session.participantIds.includes(me.accountId);
  const counselorName = counselorOf(live.state.people)?.name ?? live.nameOf(session.startedBy) ?? 'your counselor';
  const onDialogue = live.documentId === session.dialogueDocumentId;
  const dialogueHref = `/workspaces/${session.workspaceId}/documents/${session.dialogueDocumentId}`;
  const moderator = can({ role: me.role }, { type: 'session.moderate' });

  let text: string;
  if (moderator) text = `Your live session is on, since ${formatTime(session.startedAt)}`;
  else if (joined) text = `You're in the live session with ${counselorName}`;
  else text = `Live session with ${counselorName}`;

  return (
    <section className="live-banner" aria-label="Live session">
      <p className="live-banner__text">
        <span className="live-dot" aria-hidden="true" />
        <strong>{text}</strong>
      </p>
      <div className="live-banner__actions">
        {!joined && can({ role: me.role, jointWorkPaused }, { type: 'session.join' }) ? (
          <Button
            variant="primary"
            size="small"
            onClick={() => {
              live.send('session:join', { sessionId: session.id });
              navigate(dialogueHref);
            }}
          >
            Join
          </Button>
        ) : (
          !onDialogue && (
            <Link className="button button--secondary button--small" to={dialogueHref}>
              Open the session dialogue
            </Link>
          )
        )}
      </div>
    </section>
  );
}

/** Calm, not an error: everyone knows why nothing can be typed, and for how long. */
function PauseNotice() {
  const live = useLiveSession()!;
  const session = live.state.session!;
  const pause = session.pause!;
  const remaining = breakRemaining(session, useNow(pause.breakEndsAt !== null));
  const moderator = can({ role: live.me.role }, { type: 'session.moderate' });
  const title = pause.reason === 'time-out' ? 'Paused for a time-out' : 'Paused by your counselor';
  return (
    <section className="pause-notice" aria-labelledby="pause-notice-title" data-reason={pause.reason}>
      <PauseIcon />
      <div className="pause-notice__body">
        <h2 id="pause-notice-title" className="pause-notice__title">
          {moderator ? (pause.reason === 'time-out' ? 'Paused for a time-out' : 'You paused the session') : title}
        </h2>
        <p className="pause-notice__text">
          {moderator
            ? 'Partners can read but not write until you resume.'
            : 'Take a breath. Everything stays as it is, and you can read while the session rests.'}
        </p>
        {remaining !== null && (
          <p className="pause-notice__break">
            {remaining > 0 ? (
              <>
                Break: <span role="timer">{formatClock(remaining, 'up')}</span> left
              </>
            ) : (
              'The break is over.'
            )}
          </p>
        )}
      </div>
      {moderator && (
        <Button size="small" onClick={() => live.send('session:pause', { sessionId: session.id, paused: false })}>
          Resume the session
        </Button>
      )}
    </section>
  );
}
