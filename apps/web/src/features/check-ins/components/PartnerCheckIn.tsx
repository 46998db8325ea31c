import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { CheckInQuestion, CheckInView, MyCheckInAnswers } from '@kinship/domain/wire';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { Notice } from '../../../ui/Notice';
import { saveAnswers, shareAnswer, unshareAnswer } from '../api';
import { checkInKeys } from '../queries';
import { answerText, weekDate } from '../wording';

/** A partner's check-in for this week: sliders and choices, saved together, each answer shareable on its own. */
export function PartnerCheckIn({ workspaceId, view }: { workspaceId: string; view: CheckInView }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<string, number>>(view.mine?.answers ?? {});
  const [saved, setSaved] = useState(false);
  const stored = (mine: MyCheckInAnswers) => queryClient.setQueryData<CheckInView>(checkInKeys.view(workspaceId), (old) => (old ? { ...old, mine } : old));
  const save = useMutation({
    mutationFn: () => saveAnswers(workspaceId, values),
    onSuccess: (mine) => {
      stored(mine);
      setSaved(true);
    },
  });
  const share = useMutation({
    mutationFn: ({ questionId, shared }: { questionId: string; shared: boolean }) => (shared ? shareAnswer(workspaceId, questionId) : unshareAnswer(workspaceId, questionId)),
    onSuccess: stored,
  });

  if (!view.checkIn || !view.period) {
    return (
      <Notice title="No check-in yet">
        <p>Your counselor has not set a check-in for this workspace.</p>
      </Notice>
    );
  }
  const { checkIn, period } = view;
  const lastDay = new Date(`${period.ends}T00:00:00Z`);
  lastDay.setUTCDate(lastDay.getUTCDate() - 1);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    save.mutate();
  };
  const mine = view.mine;
  return (
    <>
      <form className="card check-in__form" aria-labelledby="check-in-week-title" onSubmit={submit}>
        <h2 id="check-in-week-title" className="card__title">
          Week of {weekDate(period.starts)}
        </h2>
        <p className="muted">You can change your answers until the end of {weekDate(lastDay.toISOString().slice(0, 10))}. Leave out any question you prefer not to answer.</p>
        {checkIn.questions.map((q) => (
          <QuestionField key={q.id} question={q} value={values[q.id]} onChange={(v) => setValues((old) => ({ ...old, [q.id]: v }))} />
        ))}
        <ErrorNotice message={save.error ? errorMessage(save.error) : null} />
        {saved && (
          <Notice tone="success" live title="Saved">
            Your answers are kept for you and your counselor.
          </Notice>
        )}
        <div className="form__actions">
          <Button type="submit" variant="primary" busy={save.isPending} busyLabel="Saving…" disabled={Object.keys(values).length === 0}>
            Save my answers
          </Button>
        </div>
      </form>

      {mine && (
        <section className="card" aria-labelledby="check-in-share-title">
          <h2 id="check-in-share-title" className="card__title">
            Share an answer with your partner
          </h2>
          <p className="muted">Only if you want to. Your partner sees the answer you share and nothing else: not your other answers.</p>
          <ul className="check-in__shares">
            {checkIn.questions
              .filter((q) => mine.answers[q.id] !== undefined)
              .map((q) => {
                const shared = mine.sharedQuestionIds.includes(q.id);
                return (
                  <li key={q.id}>
                    <span>
                      {q.prompt} <strong>{answerText(q, mine.answers[q.id])}</strong>
                      {shared && <span className="check-in__shared"> · shared with your partner</span>}
                    </span>
                    <Button size="small" variant={shared ? 'quiet' : 'secondary'} onClick={() => share.mutate({ questionId: q.id, shared: !shared })} aria-label={`${shared ? 'Stop sharing' : 'Share this answer'}: ${q.prompt}`}>
                      {shared ? 'Stop sharing' : 'Share this answer'}
                    </Button>
                  </li>
                );
              })}
          </ul>
          <ErrorNotice message={share.error ? errorMessage(share.error) : null} />
        </section>
      )}

      {view.sharedWithMe.length > 0 && (
        <section className="card" aria-labelledby="check-in-shared-title">
          <h2 id="check-in-shared-title" className="card__title">
            Shared with you
          </h2>
          <ul className="check-in__shares">
            {view.sharedWithMe.map((s) => (
              <li key={`${s.periodStarts}-${s.by.accountId}-${s.question.id}`}>
                <span>
                  {s.by.name}, week of {weekDate(s.periodStarts)}: {s.question.prompt} <strong>{answerText(s.question, s.value)}</strong>
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function QuestionField({ question, value, onChange }: { question: CheckInQuestion; value: number | undefined; onChange: (value: number) => void }) {
  const id = `check-in-${question.id}`;
  if (question.kind === 'choice') {
    return (
      <fieldset className="choice-group check-in__question">
        <legend>{question.prompt}</legend>
        {question.options.map((option, i) => (
          <label key={option} className="choice">
            <input type="radio" name={id} value={i} checked={value === i} onChange={() => onChange(i)} />
            {option}
          </label>
        ))}
      </fieldset>
    );
  }
  const shown = value ?? 5;
  return (
    <div className="check-in__question">
      <label htmlFor={id} className="field__label">
        {question.prompt}
      </label>
      <input
        id={id}
        type="range"
        min={0}
        max={10}
        step={1}
        value={shown}
        className={`check-in__slider${value === undefined ? ' check-in__slider--unset' : ''}`}
        aria-valuetext={value === undefined ? 'Not answered yet' : `${value} of 10`}
        aria-describedby={`${id}-ends`}
        onChange={(e) => onChange(Number(e.target.value))}
        // Choosing the middle is an answer too: a touch or an arrow key on an unanswered slider counts.
        onPointerDown={() => value === undefined && onChange(shown)}
        onKeyDown={(e) => value === undefined && ['Enter', ' '].includes(e.key) && onChange(shown)}
      />
      <div className="check-in__ends" id={`${id}-ends`}>
        <span>0 · {question.low}</span>
        <span>10 · {question.high}</span>
      </div>
      <p className="check-in__value" aria-hidden="true">
        {value === undefined ? 'Not answered yet' : `${value} of 10`}
      </p>
    </div>
  );
}
