import { useId, useRef, useState, type FormEvent } from 'react';
import { can, DEFAULT_BREAK_MINUTES, timerReading, type TimeOutRequest } from '@kinship/domain/rules';
import { Button } from '../../../ui/Button';
import { formatClock, formatTime } from '../../../ui/format';
import { CloseIcon, HandIcon } from '../../../ui/icons';
import { Notice } from '../../../ui/Notice';
import { TimerFace } from '../../../ui/TimerFace';
import { useHeightVariable } from '../../../ui/useHeightVariable';
import { useNow } from '../hooks/useNow';
import { useLiveSession } from '../live-session-context';
import { breakRemaining, describeLiveError, myLatestTimeOut, openTimeOuts } from '../live-state';
import { BreakMinutesField } from './BreakMinutesField';
import '../live-session.css';
import './live-status.css';
import './dock.css';

/**
 * Stays at the bottom of the screen on every page of the workspace while a session is live: the
 * timer everyone sees, the pause and what is left of its break (the notice at the top of the page
 * scrolls away; this does not), the counselor's Resume, a partner's time-out (one tap, always
 * there, paused or read-only too), and for the counselor every open time-out request, announced
 * at once. Refusals from the server show here too, calmly, until dismissed.
 */
export function LiveDock() {
  const live = useLiveSession();
  const dock = useRef<HTMLElement>(null);
  const shown = Boolean(live && (live.state.session || live.state.error));
  // The page keeps this much room above the bottom edge for whatever a person moves to (live-session.css).
  useHeightVariable(dock, '--live-dock-height', shown);
  if (!live || !shown) return null;
  const { state, me } = live;
  const session = state.session;
  const moderator = can({ role: me.role }, { type: 'session.moderate' });
  return (
    <aside className="live-dock" aria-label="Live session status" ref={dock}>
      {state.error && <LiveErrorNotice />}
      {session && (
        <div className="live-dock__row">
          <p className="live-dock__status">
            <span
              className={`live-dot${state.link !== 'connected' ? ' live-dot--stale' : session.pause ? ' live-dot--paused' : ''}`}
              aria-hidden="true"
            />
            <span className="live-dock__label">
              {state.link !== 'connected' ? 'Reconnecting…' : session.pause ? 'Paused' : 'Live'}
            </span>
            {session.pause && <BreakLeft />}
          </p>
          <SessionTimer />
          {session.pause && moderator && (
            <Button size="small" onClick={() => live.send('session:pause', { sessionId: session.id, paused: false })}>
              Resume the session
            </Button>
          )}
          {can({ role: me.role }, { type: 'session.time-out' }) && <TimeOutControl />}
        </div>
      )}
      {session && moderator && <TimeOutRequests />}
    </aside>
  );
}

/** What is left of the break, beside "Paused": in view wherever the page is scrolled. */
function BreakLeft() {
  const live = useLiveSession()!;
  const session = live.state.session!;
  const ticking = session.pause?.breakEndsAt != null;
  const remaining = breakRemaining(session, useNow(ticking));
  if (remaining === null) return null;
  return (
    <span className="live-dock__break">
      {remaining > 0 ? (
        <>
          Break <span role="timer">{formatClock(remaining, 'up')}</span> left
        </>
      ) : (
        'The break is over'
      )}
    </span>
  );
}

function LiveErrorNotice() {
  const live = useLiveSession()!;
  const error = live.state.error!;
  const { title, detail } = describeLiveError(error);
  return (
    <div className="live-dock__notice">
      <Notice tone="info" live title={title} className="live-error">
        {detail && <p>{detail}</p>}
      </Notice>
      <Button size="small" variant="quiet" onClick={live.dismissError} aria-label={`Dismiss: ${title}`}>
        <CloseIcon />
      </Button>
    </div>
  );
}

/** The visible timer, ticking each second while it runs; shown once the counselor has used it. */
export function SessionTimer() {
  const live = useLiveSession()!;
  const timer = live.state.session!.timer;
  const running = timer.runningSince !== null;
  const now = useNow(running);
  if (!running && timer.elapsedMs === 0 && timer.durationMs === null) return null;
  const reading = timerReading(timer, Math.max(now, running ? Date.parse(timer.runningSince!) : 0));
  const countingDown = reading.remainingMs !== null;
  return (
    <TimerFace
      className="live-dock__timer"
      label="Timer"
      ms={countingDown ? reading.remainingMs! : reading.elapsedMs}
      countingDown={countingDown}
      running={running}
    />
  );
}

/** A partner's time-out: one tap, no words, never disabled; then what became of it. */
function TimeOutControl() {
  const live = useLiveSession()!;
  const session = live.state.session!;
  const mine = myLatestTimeOut(session, live.me.accountId);
  let said = '';
  if (mine?.status === 'open') said = 'Your counselor has been asked for a pause.';
  else if (mine?.status === 'answered') said = `Your counselor answered: “${mine.answer ?? ''}”`;
  else if (mine?.status === 'granted' && session.pause) said = 'Your counselor paused the session for you.';
  return (
    <div className="time-out">
      <Button
        variant="primary"
        className="time-out__button"
        onClick={() => live.send('time-out:request', { sessionId: session.id })}
        aria-describedby="time-out-said"
      >
        <HandIcon /> Time-out
      </Button>
      <p id="time-out-said" className="time-out__said" role="status">
        {said}
      </p>
    </div>
  );
}

/** The counselor sees each open request at once (an alert), and grants it or answers in words. */
function TimeOutRequests() {
  const live = useLiveSession()!;
  const requests = openTimeOuts(live.state.session);
  return (
    <div className={`time-out-requests${requests.length > 0 ? ' time-out-requests--open' : ''}`}>
      <div role="alert" className="time-out-requests__alert">
        {requests.map((request) => (
          <p key={request.id} className="time-out-requests__sentence">
            {live.nameOf(request.accountId) ?? 'A partner'} asked for a time-out at {formatTime(request.at)}.
          </p>
        ))}
      </div>
      {requests.map((request) => (
        <TimeOutRequestActions key={request.id} request={request} />
      ))}
    </div>
  );
}

function TimeOutRequestActions({ request }: { request: TimeOutRequest }) {
  const live = useLiveSession()!;
  const session = live.state.session!;
  const [breakMinutes, setBreakMinutes] = useState<number | null>(DEFAULT_BREAK_MINUTES);
  const [answering, setAnswering] = useState(false);
  const [answer, setAnswer] = useState('');
  const [problem, setProblem] = useState('');
  const answerId = useId();
  const who = live.nameOf(request.accountId) ?? 'a partner';

  function sendAnswer(event: FormEvent) {
    event.preventDefault();
    const message = answer.trim();
    if (!message) {
      setProblem('Write a few words, or pause the session instead.');
      return;
    }
    live.send('time-out:answer', { sessionId: session.id, requestId: request.id, message });
  }

  return (
    <div className="time-out-request" role="group" aria-label={`Time-out asked by ${who}`}>
      <div className="time-out-request__grant">
        <BreakMinutesField value={breakMinutes} onChange={setBreakMinutes} />
        <Button
          variant="primary"
          size="small"
          onClick={() => live.send('time-out:grant', { sessionId: session.id, requestId: request.id, breakMinutes })}
        >
          {breakMinutes === null ? 'Pause (no break timer)' : `Pause (${breakMinutes} min break)`}
        </Button>
        {!answering && (
          <Button size="small" onClick={() => setAnswering(true)}>
            Answer…
          </Button>
        )}
      </div>
      {answering && (
        <form className="time-out-request__answer" onSubmit={sendAnswer} noValidate>
          <label htmlFor={answerId} className="field__label">
            Your answer to {who}
          </label>
          <input
            id={answerId}
            className="field__input"
            value={answer}
            maxLength={500}
            autoFocus
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${answerId}-problem` : undefined}
            placeholder="Let's finish this thought, then pause."
            onChange={(event) => {
              setAnswer(event.target.value);
              setProblem('');
            }}
          />
          {problem && (
            <p id={`${answerId}-problem`} className="field__error">
              {problem}
            </p>
          )}
          <div className="form__actions">
            <Button type="submit" size="small" variant="primary">
              Send answer
            </Button>
            <Button size="small" variant="quiet" onClick={() => setAnswering(false)}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
