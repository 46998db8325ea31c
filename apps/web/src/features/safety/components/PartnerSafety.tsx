import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { SafetyQuestion, SafetyView } from '@kinship/domain/wire';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { Notice } from '../../../ui/Notice';
import { formatDateTime } from '../../../ui/format';
import { answerSafety, writeToCounselor } from '../api';
import { safetyKeys } from '../queries';
import { safetyAnswerText } from '../wording';
import { MessageForm } from './MessageForm';
import { Thread } from './Thread';

/** A partner's safety page: the counselor's questions, the resources, and a thread with the counselor alone. */
export function PartnerSafety({ workspaceId, view }: { workspaceId: string; view: SafetyView }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<string, number>>({});
  const [outcome, setOutcome] = useState<{ resources: string | null } | null>(null);
  const resourcesRef = useRef<HTMLElement>(null);
  const answer = useMutation({
    mutationFn: () => answerSafety(workspaceId, values),
    onSuccess: (answered) => {
      queryClient.setQueryData<SafetyView>(safetyKeys.view(workspaceId), (old) => (old ? { ...old, myAnswers: [answered.answer, ...old.myAnswers] } : old));
      setValues({});
      setOutcome({ resources: answered.resources });
    },
  });
  const write = useMutation({
    mutationFn: (body: string) => writeToCounselor(workspaceId, body),
    onSuccess: (thread) => queryClient.setQueryData<SafetyView>(safetyKeys.view(workspaceId), (old) => (old ? { ...old, myThread: thread } : old)),
  });
  // The resources come first when an answer calls for them: the focus goes there, and a screen reader reads them.
  useEffect(() => {
    if (outcome?.resources) resourcesRef.current?.focus();
  }, [outcome]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setOutcome(null);
    answer.mutate();
  };
  const questions = new Map(view.questions.map((q) => [q.id, q]));
  return (
    <>
      {outcome?.resources && (
        <section ref={resourcesRef} tabIndex={-1} className="card safety__resources safety__resources--now" aria-labelledby="safety-help-now-title" role="alert">
          <h2 id="safety-help-now-title" className="card__title">
            Help, if you need it
          </h2>
          <p className="muted">Your counselor has your answers. If you are in danger now, do not wait for them:</p>
          <p className="safety__resources-text">{outcome.resources}</p>
        </section>
      )}
      <form className="card safety__form" aria-labelledby="safety-questions-title" onSubmit={submit}>
        <h2 id="safety-questions-title" className="card__title">
          Questions from your counselor
        </h2>
        <p className="muted">Answer whenever you like, as often as you like. Leave out any question you prefer not to answer.</p>
        {view.questions.map((q) => (
          <SafetyQuestionField key={q.id} question={q} value={values[q.id]} onChange={(v) => setValues((old) => ({ ...old, [q.id]: v }))} />
        ))}
        <ErrorNotice message={answer.error ? errorMessage(answer.error) : null} />
        {outcome && !outcome.resources && (
          <Notice tone="success" live title="Sent to your counselor">
            Only your counselor sees your answers.
          </Notice>
        )}
        <div className="form__actions">
          <Button type="submit" variant="primary" busy={answer.isPending} busyLabel="Sending…" disabled={Object.keys(values).length === 0}>
            Send my answers
          </Button>
        </div>
      </form>

      <section className="card" aria-labelledby="safety-thread-title">
        <h2 id="safety-thread-title" className="card__title">
          Write to your counselor
        </h2>
        <p className="muted">Only your counselor reads this. Their replies appear here.</p>
        <Thread messages={view.myThread} partnerName="You" mine="partner" />
        <MessageForm label="Your message" send={(body) => write.mutateAsync(body)} busy={write.isPending} error={write.error} submitLabel="Send to my counselor" />
      </section>

      {!outcome?.resources && (
        <details className="card safety__resources">
          <summary className="card__title">Safety resources</summary>
          <p className="safety__resources-text">{view.resources}</p>
        </details>
      )}

      {view.myAnswers.length > 0 && (
        <details className="card">
          <summary className="card__title">Your earlier answers</summary>
          <ul className="safety__answers">
            {view.myAnswers.map((a) => (
              <li key={a.id}>
                <p className="safety__message-meta">{formatDateTime(a.answeredAt)}</p>
                <ul>
                  {Object.entries(a.answers).map(([id, value]) => (
                    <li key={id}>
                      {questions.get(id)?.prompt ?? id} <strong>{safetyAnswerText(questions.get(id), value)}</strong>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

function SafetyQuestionField({ question, value, onChange }: { question: SafetyQuestion; value: number | undefined; onChange: (value: number) => void }) {
  const id = `safety-${question.id}`;
  if (question.kind === 'choice') {
    return (
      <fieldset className="choice-group safety__question">
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
  return (
    <fieldset className="choice-group safety__question">
      <legend>
        {question.prompt} <span className="muted">(0 · {question.low}; 10 · {question.high})</span>
      </legend>
      <div className="safety__scale">
        {Array.from({ length: 11 }, (_, n) => (
          <label key={n} className="safety__scale-point">
            <input type="radio" name={id} value={n} checked={value === n} onChange={() => onChange(n)} aria-label={n === 0 ? `0, ${question.low}` : n === 10 ? `10, ${question.high}` : String(n)} />
            <span aria-hidden="true">{n}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
