import { can } from '@kinship/domain/rules';
import { Button } from '../../../ui/Button';
import { useLiveSession } from '../live-session-context';
import { useJointWork } from '../../safety/hooks';
import { SessionPeople } from './SessionPeople';
import './session-people.css';

/**
 * On the workspace page: the counselor starts a live session here; while one is live, everyone
 * sees who is in it and where.
 */
export function LiveSessionCard() {
  const live = useLiveSession();
  // The counselor may have paused joint work: no session starts meanwhile.
  const jointWorkPaused = useJointWork(live?.state.workspaceId ?? '', live !== null)?.paused;
  if (!live) return null;
  const { state, me } = live;
  const moderator = can({ role: me.role }, { type: 'session.moderate' });
  if (state.session) {
    return (
      <section className="card live-card" aria-label="Live session presence">
        <SessionPeople />
      </section>
    );
  }
  if (!moderator) return null;
  return (
    <section className="card live-card" aria-labelledby="live-card-title">
      <h2 id="live-card-title" className="card__title">
        Live session
      </h2>
      <p className="muted">
        Meet here with both partners: you can pause, lock a document, give one partner the floor while the other listens, and keep a
        record.
      </p>
      <Button
        variant="primary"
        disabled={state.link !== 'connected' || !state.known || !can({ role: me.role, jointWorkPaused }, { type: 'session.start' })}
        onClick={() => live.send('session:start', { workspaceId: state.workspaceId })}
      >
        Start live session
      </Button>
      {state.link !== 'connected' && <p className="field__hint">Connecting to the live session service…</p>}
      {jointWorkPaused && <p className="field__hint">Joint work is paused: resume it on the safety page to start a session.</p>}
    </section>
  );
}
