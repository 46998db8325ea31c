import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { can, DEFAULT_BREAK_MINUTES } from '@kinship/domain/rules';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { useLiveSession } from '../live-session-context';
import { BreakMinutesField } from './BreakMinutesField';
import { SessionPeople } from './SessionPeople';
import './dock.css';
import './session-bar.css';

export interface SessionBarProps {
  documentId: string;
  /** The counselor's caret in this document, as a relative position, for "Bring everyone here". */
  caretPosition: () => string | null;
}

function wideScreen(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia('(min-width: 900px)').matches;
}

/**
 * At the top of a document while a session is live: who is in it and where, and for the
 * counselor the moderation controls (folded away on a phone until asked for). A partner never
 * sees a control they could not use; the server decides either way.
 */
export function SessionBar({ documentId, caretPosition }: SessionBarProps) {
  const live = useLiveSession();
  const [open, setOpen] = useState(wideScreen);
  if (!live?.state.session) return null;
  const moderator = can({ role: live.me.role }, { type: 'session.moderate' });
  return (
    <div className="session-bar">
      <SessionPeople compact />
      {moderator && (
        <details className="moderation" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
          <summary className="moderation__summary">Moderation</summary>
          <ModerationControls documentId={documentId} caretPosition={caretPosition} />
        </details>
      )}
    </div>
  );
}

function ModerationControls({ documentId, caretPosition }: SessionBarProps) {
  const live = useLiveSession()!;
  const session = live.state.session!;
  const sessionId = session.id;
  const locked = session.lockedDocumentIds.includes(documentId);
  const [breakMinutes, setBreakMinutes] = useState<number | null>(DEFAULT_BREAK_MINUTES);
  const [timerMinutes, setTimerMinutes] = useState('');
  const [ending, setEnding] = useState(false);
  const [brought, setBrought] = useState('');
  const timerId = useId();
  const timer = session.timer;
  const timerRunning = timer.runningSince !== null;
  const timerAtZero = !timerRunning && timer.elapsedMs === 0;
  const onDialogue = documentId === session.dialogueDocumentId;

  function startTimer(event: FormEvent) {
    event.preventDefault();
    const minutes = timerMinutes.trim() === '' ? null : Math.round(Number(timerMinutes));
    live.send('timer:control', {
      sessionId,
      action: 'start',
      minutes: timerAtZero && minutes !== null && Number.isFinite(minutes) && minutes > 0 ? minutes : null,
    });
  }

  return (
    <div className="moderation__groups">
      <div className="moderation__group" role="group" aria-labelledby="moderation-document">
        <h3 id="moderation-document" className="moderation__title">
          This document
        </h3>
        <p className="moderation__state">{locked ? 'Locked: partners can read it, not change it.' : 'Not locked.'}</p>
        <div className="moderation__actions">
          <Button
            size="small"
            aria-pressed={locked}
            onClick={() => live.send('document:lock', { sessionId, documentId, locked: !locked })}
          >
            {locked ? 'Unlock this document' : 'Lock this document'}
          </Button>
          <Button
            size="small"
            onClick={() => {
              live.send('session:bring-here', { sessionId, documentId, position: caretPosition() });
              setBrought('Everyone in the session is brought to this document, where your caret is.');
            }}
          >
            Bring everyone here
          </Button>
        </div>
        <p className="visually-hidden" role="status">
          {brought}
        </p>
      </div>

      <div className="moderation__group" role="group" aria-labelledby="moderation-session">
        <h3 id="moderation-session" className="moderation__title">
          Session
        </h3>
        {session.pause ? (
          <div className="moderation__actions">
            <Button size="small" variant="primary" onClick={() => live.send('session:pause', { sessionId, paused: false })}>
              Resume the session
            </Button>
          </div>
        ) : (
          <div className="moderation__actions">
            <BreakMinutesField value={breakMinutes} onChange={setBreakMinutes} />
            <Button size="small" onClick={() => live.send('session:pause', { sessionId, paused: true, breakMinutes })}>
              Pause the session
            </Button>
          </div>
        )}
        {!onDialogue && (
          <p className="moderation__hint">
            The floor is given in the{' '}
            <Link to={`/workspaces/${session.workspaceId}/documents/${session.dialogueDocumentId}`}>session dialogue</Link>.
          </p>
        )}
        <div className="moderation__actions">
          <Button size="small" variant="danger" onClick={() => setEnding(true)}>
            End the session
          </Button>
        </div>
      </div>

      <div className="moderation__group" role="group" aria-labelledby="moderation-timer">
        <h3 id="moderation-timer" className="moderation__title">
          Timer
        </h3>
        <form className="moderation__actions" onSubmit={startTimer}>
          {timerAtZero && (
            <span className="inline-field">
              <label htmlFor={timerId} className="inline-field__label">
                Minutes (optional)
              </label>
              <input
                id={timerId}
                className="inline-field__input"
                type="number"
                inputMode="numeric"
                min={1}
                max={180}
                value={timerMinutes}
                onChange={(event) => setTimerMinutes(event.target.value)}
              />
            </span>
          )}
          {timerRunning ? (
            <Button size="small" onClick={() => live.send('timer:control', { sessionId, action: 'pause' })}>
              Pause the timer
            </Button>
          ) : (
            <Button size="small" type="submit">
              {timerAtZero ? 'Start the timer' : 'Continue the timer'}
            </Button>
          )}
          {!timerAtZero && (
            <Button size="small" variant="quiet" onClick={() => live.send('timer:control', { sessionId, action: 'reset' })}>
              Reset the timer
            </Button>
          )}
        </form>
      </div>

      <ConfirmDialog
        open={ending}
        title="End the live session?"
        confirmLabel="End the session"
        cancelLabel="Keep it going"
        onConfirm={() => {
          live.send('session:end', { sessionId });
          setEnding(false);
        }}
        onCancel={() => setEnding(false)}
      >
        <p>Locks, the pause and the floor end with it, and everyone can write as usual. The session's record is kept.</p>
      </ConfirmDialog>
    </div>
  );
}
