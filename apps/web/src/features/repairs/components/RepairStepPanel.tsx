import { useState } from 'react';
import { REPAIR_FEELINGS, REPAIR_TEXT_MAX, type RepairFeeling } from '@kinship/domain/rules';
import type { RepairView } from '@kinship/domain/wire';
import { Button } from '../../../ui/Button';
import { TextAreaField } from '../../../ui/TextAreaField';
import { errorMessage } from '../../../shared/http';
import { useRepairMove } from '../useRepairMove';

export const FEELING_WORDS: Record<RepairFeeling, string> = {
  hurt: 'Hurt',
  sad: 'Sad',
  lonely: 'Lonely',
  scared: 'Scared',
  worried: 'Worried',
  angry: 'Angry',
  frustrated: 'Frustrated',
  ashamed: 'Ashamed',
  embarrassed: 'Embarrassed',
  overwhelmed: 'Overwhelmed',
  unseen: 'Unseen',
  unimportant: 'Unimportant',
  disappointed: 'Disappointed',
  confused: 'Confused',
  numb: 'Numb',
  tired: 'Tired',
};

/** The prompts of the steps where each partner writes one entry. */
const TEXT_STEPS = {
  triggers: { move: 'trigger', label: 'What set me off', hint: 'What happened just before the hurt, for you? A word, a tone, a silence…', button: 'Share what set me off' },
  owns: { move: 'own', label: 'What I own', hint: 'Your part in it, however small. Not theirs: yours.', button: 'Share what I own' },
  differently: { move: 'differently', label: 'One thing I will do differently', hint: 'Something you can do next time: “I will ask before I assume.”', button: 'Share my one thing' },
} as const;

/** What the partner does at the step now: a prompt in our own words, whose turn it is, one action. */
export function RepairStepPanel({ workspaceId, repair, me }: { workspaceId: string; repair: RepairView; me: string }) {
  const move = useRepairMove(workspaceId, repair.id);
  const name = (id: string) => repair.partners.find((p) => p.accountId === id)?.name ?? 'your partner';
  const other = repair.partners.find((p) => p.accountId !== me)!;
  const done = repair.progress[repair.step]?.[me] === true;
  const error = move.isError ? (
    <p className="field__error" role="alert">
      {errorMessage(move.error)}
    </p>
  ) : null;

  let body: React.ReactNode = null;
  switch (repair.step) {
    case 'calm':
      body = done ? (
        <p>You said you are calm enough. {repair.progress.calm[other.accountId] ? '' : `When ${other.name} is too, you will go on together.`}</p>
      ) : (
        <>
          <p>Take a slow breath. Start only when you feel calm enough to listen and to speak kindly. There is no hurry.</p>
          <div>
            <Button variant="primary" onClick={() => move.mutate({ type: 'calm' })} busy={move.isPending} busyLabel="Saving…">
              I am calm and ready
            </Button>
          </div>
        </>
      );
      break;
    case 'feelings':
      body = done ? <p>You shared what you felt. {other.name}’s feelings show here once they have shared theirs.</p> : <FeelingsForm onSubmit={(feelings) => move.mutate({ type: 'feelings', feelings })} busy={move.isPending} />;
      break;
    case 'views': {
      const { teller, listener, phase, round } = repair.views;
      const current = repair.views.rounds[round];
      if (phase === 'tell') {
        body =
          teller === me ? (
            <TextForm
              key={`tell-${round}`}
              label="My view"
              hint={`What happened, as you saw it. Speak about yourself: “I felt…”, “I thought…”. ${other.name} will say it back.`}
              button="Share my view"
              busy={move.isPending}
              onSubmit={(text) => move.mutate({ type: 'tell', text })}
            />
          ) : (
            <p>{name(teller)} is telling their view. Then you will say it back in your own words.</p>
          );
      } else if (phase === 'restate') {
        body =
          listener === me ? (
            <>
              <blockquote className="repair__quote">
                <p className="repair__who">{name(teller)}’s view</p>
                <p>{current?.telling}</p>
              </blockquote>
              <TextForm
                key={`restate-${round}-${current?.restatements.length ?? 0}`}
                label={`${name(teller)}’s view, in my words`}
                hint="Say back what you heard, without adding your side. Yours comes in its turn."
                button="Say it back"
                busy={move.isPending}
                onSubmit={(text) => move.mutate({ type: 'restate', text })}
              />
            </>
          ) : (
            <p>{name(listener)} is saying your view back in their words.</p>
          );
      } else {
        const last = current?.restatements[current.restatements.length - 1];
        body =
          teller === me ? (
            <>
              <blockquote className="repair__quote">
                <p className="repair__who">{name(listener)} heard</p>
                <p>{last}</p>
              </blockquote>
              <p>Is that what you meant?</p>
              <div className="repair__actions">
                <Button variant="primary" onClick={() => move.mutate({ type: 'heard' })} busy={move.isPending} busyLabel="Saving…">
                  Yes, I was heard
                </Button>
                <Button onClick={() => move.mutate({ type: 'not-quite' })} disabled={move.isPending}>
                  Not quite
                </Button>
              </div>
            </>
          ) : (
            <p>{name(teller)} is saying whether they felt heard.</p>
          );
      }
      break;
    }
    case 'triggers':
    case 'owns':
    case 'differently': {
      const prompt = TEXT_STEPS[repair.step];
      body = done ? (
        <p>You shared yours. {other.name}’s shows here once they have shared theirs.</p>
      ) : (
        <TextForm key={repair.step} label={prompt.label} hint={prompt.hint} button={prompt.button} busy={move.isPending} onSubmit={(text) => move.mutate({ type: prompt.move, text })} />
      );
      break;
    }
    case 'done':
      return null;
  }
  return (
    <section className="card repair__step" aria-labelledby="repair-now-title">
      <h2 id="repair-now-title" className="card__title">
        Now
      </h2>
      {body}
      {error}
    </section>
  );
}

function FeelingsForm({ onSubmit, busy }: { onSubmit: (feelings: RepairFeeling[]) => void; busy: boolean }) {
  const [picked, setPicked] = useState<RepairFeeling[]>([]);
  return (
    <form
      className="repair__form"
      onSubmit={(event) => {
        event.preventDefault();
        if (picked.length > 0) onSubmit(picked);
      }}
    >
      <fieldset className="repair__feelings">
        <legend className="field__label">What did you feel? Pick as many as fit.</legend>
        {REPAIR_FEELINGS.map((f) => (
          <label key={f} className="checkbox repair__feeling">
            <input type="checkbox" checked={picked.includes(f)} onChange={(e) => setPicked((p) => (e.target.checked ? [...p, f] : p.filter((x) => x !== f)))} />
            {FEELING_WORDS[f]}
          </label>
        ))}
      </fieldset>
      <div>
        <Button type="submit" variant="primary" disabled={picked.length === 0} busy={busy} busyLabel="Sharing…">
          Share my feelings
        </Button>
      </div>
    </form>
  );
}

function TextForm({ label, hint, button, busy, onSubmit }: { label: string; hint: string; button: string; busy: boolean; onSubmit: (text: string) => void }) {
  const [text, setText] = useState('');
  return (
    <form
      className="repair__form"
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim()) onSubmit(text);
      }}
    >
      <TextAreaField label={label} hint={hint} value={text} rows={3} maxLength={REPAIR_TEXT_MAX} onChange={(e) => setText(e.target.value)} />
      <div>
        <Button type="submit" variant="primary" disabled={!text.trim()} busy={busy} busyLabel="Sharing…">
          {button}
        </Button>
      </div>
    </form>
  );
}
