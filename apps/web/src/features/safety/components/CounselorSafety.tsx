import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { JOINT_WORK_NOTE_MAX, type SafetyOverview, type SafetyQuestion, type SafetyView, type SetSafetyBody } from '@kinship/domain/wire';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { SelectField } from '../../../ui/SelectField';
import { TextAreaField } from '../../../ui/TextAreaField';
import { TextField } from '../../../ui/TextField';
import { formatDateTime } from '../../../ui/format';
import { markAlertsSeen, replyToPartner, setJointWork, setSafety } from '../api';
import { useSafetyAlerts } from '../hooks';
import { safetyKeys, safetyOverviewQuery } from '../queries';
import { alertText, safetyAnswerText } from '../wording';
import { MessageForm } from './MessageForm';
import { Thread } from './Thread';

/** The counselor's safety page: alerts (kept up to date live), the pause of joint work, each partner's answers and thread, the questions and resources. */
export function CounselorSafety({ workspaceId, view }: { workspaceId: string; view: SafetyView }) {
  useSafetyAlerts(workspaceId, true);
  const overview = useQuery(safetyOverviewQuery(workspaceId));
  if (overview.isPending) return <Loading label="Reading the safety channel…" />;
  if (!overview.data) return <ErrorNotice message={errorMessage(overview.error)} />;
  return (
    <>
      <Alerts workspaceId={workspaceId} overview={overview.data} />
      <JointWorkControl workspaceId={workspaceId} overview={overview.data} />
      {overview.data.partners.map((p) => (
        <PartnerChannel key={p.accountId} workspaceId={workspaceId} partner={p} questions={view.questions} />
      ))}
      <SafetySettingsEditor workspaceId={workspaceId} view={view} />
    </>
  );
}

function Alerts({ workspaceId, overview }: { workspaceId: string; overview: SafetyOverview }) {
  const queryClient = useQueryClient();
  const fresh = overview.alerts.filter((a) => a.seenAt === null);
  const seen = useMutation({
    mutationFn: () => markAlertsSeen(workspaceId, fresh.map((a) => a.id)),
    onSuccess: (alerts) => queryClient.setQueryData<SafetyOverview>(safetyKeys.overview(workspaceId), (old) => (old ? { ...old, alerts } : old)),
  });
  return (
    <section className="card" aria-labelledby="safety-alerts-title">
      <h2 id="safety-alerts-title" className="card__title">
        Alerts
      </h2>
      <div role="status" aria-live="polite">
        {fresh.length === 0 ? (
          <p className="muted">Nothing new. An answer you marked as a risk, or a partner’s message, shows here at once.</p>
        ) : (
          <ul className="safety__alerts">
            {fresh.map((a) => (
              <li key={a.id} className={`safety__alert safety__alert--${a.kind}`}>
                <strong>{alertText(a)}</strong> <span className="muted">· {formatDateTime(a.at)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {fresh.length > 0 && (
        <div className="form__actions">
          <Button size="small" onClick={() => seen.mutate()} busy={seen.isPending} busyLabel="Marking…">
            Mark as seen
          </Button>
        </div>
      )}
      <ErrorNotice message={seen.error ? errorMessage(seen.error) : null} />
    </section>
  );
}

function JointWorkControl({ workspaceId, overview }: { workspaceId: string; overview: SafetyOverview }) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const pause = overview.jointWork;
  const change = useMutation({
    mutationFn: (paused: boolean) => setJointWork(workspaceId, paused ? { paused, note: note.trim() || undefined } : { paused }),
    onSuccess: (jointWork) => {
      queryClient.setQueryData<SafetyOverview>(safetyKeys.overview(workspaceId), (old) => (old ? { ...old, jointWork } : old));
      void queryClient.invalidateQueries({ queryKey: safetyKeys.jointWork(workspaceId) });
      setNote('');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate(!pause.paused);
  };
  return (
    <form className="card safety__form" aria-labelledby="joint-work-title" onSubmit={submit}>
      <h2 id="joint-work-title" className="card__title">
        Joint work
      </h2>
      {pause.paused ? (
        <>
          <p>
            <strong>Paused</strong> since {pause.since ? formatDateTime(pause.since) : '—'}. Both partners see: “{pause.words}”
          </p>
          {pause.note && <p className="muted">Your note (only you see it): {pause.note}</p>}
        </>
      ) : (
        <>
          <p className="muted">
            Pausing stops live sessions from starting or being joined, proposals from being opened or accepted, and edits to shared documents, for both partners.
            Both see the same words, with no reason and no name. The safety channel stays open.
          </p>
          <TextAreaField label="Your private note (optional)" hint="Why you paused, for yourself. Neither partner ever sees it." rows={2} maxLength={JOINT_WORK_NOTE_MAX} value={note} onChange={(e) => setNote(e.target.value)} />
        </>
      )}
      <ErrorNotice message={change.error ? errorMessage(change.error) : null} />
      <div className="form__actions">
        <Button type="submit" variant={pause.paused ? 'primary' : 'danger'} busy={change.isPending} busyLabel={pause.paused ? 'Resuming…' : 'Pausing…'}>
          {pause.paused ? 'Resume joint work' : 'Pause joint work'}
        </Button>
      </div>
    </form>
  );
}

function PartnerChannel({ workspaceId, partner, questions }: { workspaceId: string; partner: SafetyOverview['partners'][number]; questions: SafetyQuestion[] }) {
  const queryClient = useQueryClient();
  const byId = new Map(questions.map((q) => [q.id, q]));
  const reply = useMutation({
    mutationFn: (body: string) => replyToPartner(workspaceId, partner.accountId, body),
    onSuccess: (thread) =>
      queryClient.setQueryData<SafetyOverview>(safetyKeys.overview(workspaceId), (old) =>
        old ? { ...old, partners: old.partners.map((p) => (p.accountId === partner.accountId ? { ...p, thread } : p)) } : old,
      ),
  });
  const titleId = `safety-partner-${partner.accountId}`;
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId} className="card__title">
        {partner.name}
      </h2>
      <h3 className="safety__subtitle">Answers</h3>
      {partner.answers.length === 0 ? (
        <p className="muted">No answers yet.</p>
      ) : (
        <ul className="safety__answers">
          {partner.answers.slice(0, 20).map((a) => (
            <li key={a.id}>
              <p className="safety__message-meta">
                {formatDateTime(a.answeredAt)}
                {a.riskQuestionIds.length > 0 && <span className="safety__risk"> · marked as a risk</span>}
              </p>
              <ul>
                {Object.entries(a.answers).map(([id, value]) => (
                  <li key={id} className={a.riskQuestionIds.includes(id) ? 'safety__risk' : undefined}>
                    {byId.get(id)?.prompt ?? id} <strong>{safetyAnswerText(byId.get(id), value)}</strong>
                    {a.riskQuestionIds.includes(id) && <span className="visually-hidden"> (a risk)</span>}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      <h3 className="safety__subtitle">Messages</h3>
      <Thread messages={partner.thread} partnerName={partner.name} mine="counselor" />
      <MessageForm label={`Reply to ${partner.name}`} hint={`Only ${partner.name} reads it.`} send={(body) => reply.mutateAsync(body)} busy={reply.isPending} error={reply.error} submitLabel="Send reply" />
    </section>
  );
}

function SafetySettingsEditor({ workspaceId, view }: { workspaceId: string; view: SafetyView }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<SetSafetyBody>({ questions: view.questions, resources: view.resources });
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => setSafety(workspaceId, draft),
    onSuccess: (body) => {
      queryClient.setQueryData<SafetyView>(safetyKeys.view(workspaceId), (old) => (old ? { ...old, ...body } : old));
      setSaved(true);
    },
  });
  const update = (index: number, next: SafetyQuestion) => {
    setSaved(false);
    setDraft((old) => ({ ...old, questions: old.questions.map((q, i) => (i === index ? next : q)) }));
  };
  const remove = (index: number) => {
    setSaved(false);
    setDraft((old) => ({ ...old, questions: old.questions.filter((_, i) => i !== index) }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="card safety__form" aria-labelledby="safety-settings-title" onSubmit={submit}>
      <h2 id="safety-settings-title" className="card__title">
        Questions, risk marks and resources
      </h2>
      <p className="muted">Both partners answer these at any time. An answer you mark as a risk alerts you at once and shows that partner the resources below.</p>
      {draft.questions.map((q, index) => (
        <fieldset key={q.id} className="safety__question-editor">
          <legend>
            Question {index + 1}: {q.prompt}
          </legend>
          {q.kind === 'choice' ? (
            <div className="choice-group">
              <p className="muted">Options marked as a risk:</p>
              {q.options.map((option, i) => (
                <label key={option} className="choice">
                  <input
                    type="checkbox"
                    checked={q.riskOptions.includes(i)}
                    onChange={(e) => update(index, { ...q, riskOptions: e.target.checked ? [...q.riskOptions, i].sort() : q.riskOptions.filter((o) => o !== i) })}
                  />
                  {option}
                </label>
              ))}
            </div>
          ) : (
            <div className="safety__range">
              <label className="choice">
                <input type="checkbox" checked={q.risk !== null} onChange={(e) => update(index, { ...q, risk: e.target.checked ? { from: 0, to: 3 } : null })} />
                Mark a range as a risk
              </label>
              {q.risk && (
                <div className="safety__range-fields">
                  <label>
                    From{' '}
                    <input type="number" min={0} max={10} className="field__input safety__number" value={q.risk.from} onChange={(e) => update(index, { ...q, risk: { ...q.risk!, from: Number(e.target.value) } })} />
                  </label>
                  <label>
                    to{' '}
                    <input type="number" min={0} max={10} className="field__input safety__number" value={q.risk.to} onChange={(e) => update(index, { ...q, risk: { ...q.risk!, to: Number(e.target.value) } })} />
                  </label>
                </div>
              )}
            </div>
          )}
          {draft.questions.length > 1 && (
            <Button size="small" variant="quiet" onClick={() => remove(index)} aria-label={`Remove this question: ${q.prompt}`}>
              Remove this question
            </Button>
          )}
        </fieldset>
      ))}
      {draft.questions.length < 12 && (
        <NewSafetyQuestion
          onAdd={(q) => {
            setSaved(false);
            setDraft((old) => ({ ...old, questions: [...old.questions, q] }));
          }}
        />
      )}
      <TextAreaField
        label="The practice’s safety resources"
        hint="Shown to a partner at once when they give an answer you marked as a risk, and always on their safety page."
        rows={8}
        value={draft.resources}
        onChange={(e) => {
          setSaved(false);
          setDraft((old) => ({ ...old, resources: e.target.value }));
        }}
      />
      <ErrorNotice message={save.error ? errorMessage(save.error) : null} />
      {saved && (
        <Notice tone="success" live title="Saved">
          Partners see these from now on.
        </Notice>
      )}
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={save.isPending} busyLabel="Saving…">
          Save questions and resources
        </Button>
      </div>
    </form>
  );
}

/** A new question of the counselor's own: a 0–10 scale with words at each end, or a choice; its risk marks are set above once added. */
function NewSafetyQuestion({ onAdd }: { onAdd: (q: SafetyQuestion) => void }) {
  const [kind, setKind] = useState<'scale' | 'choice'>('choice');
  const [prompt, setPrompt] = useState('');
  const [low, setLow] = useState('');
  const [high, setHigh] = useState('');
  const [options, setOptions] = useState('');
  const optionList = options
    .split('\n')
    .map((o) => o.trim())
    .filter(Boolean);
  const ready = prompt.trim() !== '' && (kind === 'scale' ? low.trim() !== '' && high.trim() !== '' : optionList.length >= 2 && optionList.length <= 8);
  const add = () => {
    const id = `q-${Date.now().toString(36)}`;
    onAdd(
      kind === 'scale'
        ? { id, kind, prompt: prompt.trim(), low: low.trim(), high: high.trim(), risk: null }
        : { id, kind, prompt: prompt.trim(), options: optionList, riskOptions: [] },
    );
    setPrompt('');
    setLow('');
    setHigh('');
    setOptions('');
  };
  return (
    <fieldset className="safety__question-editor">
      <legend>Add a question</legend>
      <SelectField label="Kind" value={kind} onChange={(e) => setKind(e.target.value as 'scale' | 'choice')}>
        <option value="choice">A choice among options</option>
        <option value="scale">A scale from 0 to 10</option>
      </SelectField>
      <TextField label="Question" value={prompt} onChange={(e) => setPrompt(e.target.value)} maxLength={300} />
      {kind === 'scale' ? (
        <>
          <TextField label="Words at 0" value={low} onChange={(e) => setLow(e.target.value)} maxLength={60} />
          <TextField label="Words at 10" value={high} onChange={(e) => setHigh(e.target.value)} maxLength={60} />
        </>
      ) : (
        <TextAreaField label="Options, one a line" hint="From 2 to 8 options." value={options} onChange={(e) => setOptions(e.target.value)} rows={4} />
      )}
      <div>
        <Button size="small" onClick={add} disabled={!ready}>
          Add this question
        </Button>
      </div>
    </fieldset>
  );
}
