import { useState, type FormEvent } from 'react';
import type { FloorTurn, LiveSessionView } from '@kinship/domain/rules';
import { Button } from '../../../ui/Button';
import { TextAreaField } from '../../../ui/TextAreaField';
import { floorMayPass, floorSeat, floorSentence } from '../floor';
import { useLiveSession } from '../live-session-context';
import { partnersOf } from '../live-state';
import './floor.css';

const PHASE_LABEL: Record<FloorTurn['phase'], string> = {
  speaking: 'Speaking',
  mirroring: 'Mirroring',
  confirming: 'Checking the mirror',
  confirmed: 'Mirror confirmed',
};

/**
 * The speaker–listener exercise on the session's dialogue, readable by all three: who has the
 * floor and where the turn is. The speaker says when they are done; the listener mirrors what
 * they heard; the speaker confirms or clarifies; the counselor passes the floor once confirmed.
 */
export function FloorPanel() {
  const live = useLiveSession();
  if (!live?.state.session) return null;
  const session = live.state.session;
  const floor = session.floor;
  const seat = floorSeat(floor, live.me);
  return (
    <section className="floor-panel" aria-labelledby="floor-title" data-phase={floor?.phase ?? 'open'}>
      <div className="floor-panel__head">
        <h2 id="floor-title" className="floor-panel__title">
          The floor
        </h2>
        {floor && <span className="badge floor-panel__phase">{PHASE_LABEL[floor.phase]}</span>}
      </div>
      <p className="floor-panel__sentence" role="status">
        {floorSentence(session, live.me.accountId, live.nameOf)}
      </p>
      {floor && <TurnDetail session={session} floor={floor} seat={seat} />}
      {seat === 'counselor' && <FloorModeration session={session} />}
    </section>
  );
}

function TurnDetail({ session, floor, seat }: { session: LiveSessionView; floor: FloorTurn; seat: ReturnType<typeof floorSeat> }) {
  const live = useLiveSession()!;
  const speaker = live.nameOf(floor.speakerId) ?? 'The speaker';
  const listener = live.nameOf(floor.listenerId) ?? 'The listener';
  const sessionId = session.id;
  return (
    <div className="floor-panel__turn">
      {floor.phase === 'speaking' && (seat === 'speaker' || seat === 'counselor') && (
        <div className="floor-panel__actions">
          <Button variant={seat === 'speaker' ? 'primary' : 'secondary'} size="small" onClick={() => live.send('floor:done-speaking', { sessionId })}>
            {seat === 'speaker' ? "I'm done — listen back" : `${speaker} is done — on to the mirror`}
          </Button>
        </div>
      )}

      {floor.clarification && (floor.phase === 'mirroring' || seat !== 'listener') && (
        <blockquote className="floor-panel__quote floor-panel__quote--clarification">
          <p className="floor-panel__quote-who">{seat === 'speaker' ? 'You clarified' : `${speaker} clarified`}</p>
          <p className="floor-panel__quote-text">{floor.clarification}</p>
        </blockquote>
      )}

      {floor.phase === 'mirroring' && seat === 'listener' && (
        <TextForm
          key={`mirror-${floor.turnId}-${floor.clarification ?? ''}`}
          label="What I heard you say…"
          hint={`Put ${speaker}'s words in your own, without adding your view.`}
          submitLabel="Send my mirror"
          onSubmit={(text) => live.send('mirror:submit', { sessionId, text })}
        />
      )}

      {floor.mirror && (floor.phase === 'confirming' || floor.phase === 'confirmed') && (
        <blockquote className={`floor-panel__quote${floor.phase === 'confirmed' ? ' floor-panel__quote--confirmed' : ''}`}>
          <p className="floor-panel__quote-who">
            {seat === 'listener' ? 'Your mirror' : `${listener}'s mirror`}
            {floor.phase === 'confirmed' && ' — confirmed'}
          </p>
          <p className="floor-panel__quote-text">{floor.mirror.text}</p>
        </blockquote>
      )}

      {floor.phase === 'confirming' && seat === 'speaker' && <ConfirmOrClarify sessionId={sessionId} />}
    </div>
  );
}

function ConfirmOrClarify({ sessionId }: { sessionId: string }) {
  const live = useLiveSession()!;
  const [clarifying, setClarifying] = useState(false);
  return (
    <>
      <div className="floor-panel__actions">
        <Button variant="primary" size="small" onClick={() => live.send('mirror:confirm', { sessionId })}>
          That's what I meant
        </Button>
        {!clarifying && (
          <Button size="small" onClick={() => setClarifying(true)}>
            Clarify…
          </Button>
        )}
      </div>
      {clarifying && (
        <TextForm
          label="What I meant"
          hint="Say what was missed; your partner mirrors again."
          submitLabel="Send my clarification"
          onSubmit={(text) => live.send('mirror:clarify', { sessionId, text })}
          onCancel={() => setClarifying(false)}
          autoFocus
        />
      )}
    </>
  );
}

function FloorModeration({ session }: { session: LiveSessionView }) {
  const live = useLiveSession()!;
  const floor = session.floor;
  const partners = partnersOf(live.state.people);
  if (!floorMayPass(floor)) {
    return (
      <p className="floor-panel__hint">
        The floor can pass once {live.nameOf(floor!.speakerId) ?? 'the speaker'} confirms the mirror.
      </p>
    );
  }
  return (
    <div className="floor-panel__actions" role="group" aria-label="Give the floor">
      {partners
        .filter((p) => p.accountId !== floor?.speakerId || floor === null)
        .map((partner) => (
          <Button
            key={partner.accountId}
            size="small"
            variant="primary"
            onClick={() => live.send('floor:give', { sessionId: session.id, speakerId: partner.accountId })}
          >
            Give the floor to {partner.name}
          </Button>
        ))}
      {floor && (
        <Button size="small" onClick={() => live.send('floor:release', { sessionId: session.id })}>
          Release the floor
        </Button>
      )}
    </div>
  );
}

/** A short text a person writes and sends (a mirror, a clarification). Keeps its text until sent. */
function TextForm({
  label,
  hint,
  submitLabel,
  onSubmit,
  onCancel,
  autoFocus = false,
}: {
  label: string;
  hint: string;
  submitLabel: string;
  onSubmit: (text: string) => void;
  onCancel?: () => void;
  autoFocus?: boolean;
}) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState('');
  function submit(event: FormEvent) {
    event.preventDefault();
    const value = text.trim();
    if (!value) {
      setProblem('Write a few words first.');
      return;
    }
    onSubmit(value);
  }
  return (
    <form className="floor-panel__form" onSubmit={submit} noValidate>
      <TextAreaField
        label={label}
        hint={hint}
        error={problem || undefined}
        rows={3}
        maxLength={4000}
        value={text}
        autoFocus={autoFocus}
        onChange={(event) => {
          setText(event.target.value);
          setProblem('');
        }}
      />
      <div className="form__actions">
        <Button type="submit" size="small" variant="primary">
          {submitLabel}
        </Button>
        {onCancel && (
          <Button size="small" variant="quiet" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
