import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { DEFAULT_CHECK_IN_QUESTIONS, WEEKDAYS, type CheckInAnswersTable, type CheckInQuestion, type CheckInView } from '@kinship/domain/wire';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { SelectField } from '../../../ui/SelectField';
import { TextField } from '../../../ui/TextField';
import { TextAreaField } from '../../../ui/TextAreaField';
import { setCheckIn } from '../api';
import { answersTableQuery, checkInKeys } from '../queries';
import { answerText, weekDate } from '../wording';

/** The counselor's check-in: its questions and schedule, and both partners' answers week by week. */
export function CounselorCheckIn({ workspaceId, view }: { workspaceId: string; view: CheckInView }) {
  return (
    <>
      <CheckInSetup workspaceId={workspaceId} view={view} />
      <AnswersTable workspaceId={workspaceId} />
    </>
  );
}

function CheckInSetup({ workspaceId, view }: { workspaceId: string; view: CheckInView }) {
  const queryClient = useQueryClient();
  const [questions, setQuestions] = useState<CheckInQuestion[]>(view.checkIn?.questions ?? DEFAULT_CHECK_IN_QUESTIONS);
  const [weekday, setWeekday] = useState(view.checkIn?.weekday ?? 1);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => setCheckIn(workspaceId, { questions, weekday }),
    onSuccess: async () => {
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: checkInKeys.all });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    save.mutate();
  };
  return (
    <form className="card check-in__form" aria-labelledby="check-in-setup-title" onSubmit={submit}>
      <h2 id="check-in-setup-title" className="card__title">
        Questions and schedule
      </h2>
      {!view.checkIn && <p className="muted">No check-in is set yet. These are our own neutral questions; change them, or add a measure your practice holds a licence for.</p>}
      <SelectField label="Each week starts on" hint="The same week for both partners (UTC). Answers can be changed until the week ends." value={weekday} onChange={(e) => setWeekday(Number(e.target.value))}>
        {WEEKDAYS.map((day, i) => (
          <option key={day} value={i}>
            {day}
          </option>
        ))}
      </SelectField>
      <ol className="check-in__question-list" aria-label="Questions">
        {questions.map((q) => (
          <li key={q.id}>
            <span>
              {q.prompt} <span className="muted">({q.kind === 'scale' ? `0 ${q.low} – 10 ${q.high}` : q.options.join(' / ')})</span>
            </span>
            <Button size="small" variant="quiet" onClick={() => setQuestions((old) => old.filter((o) => o.id !== q.id))} aria-label={`Remove: ${q.prompt}`}>
              Remove
            </Button>
          </li>
        ))}
      </ol>
      <NewQuestion onAdd={(q) => setQuestions((old) => [...old, q])} />
      <ErrorNotice message={save.error ? errorMessage(save.error) : null} />
      {saved && (
        <Notice tone="success" live title="Check-in saved">
          Both partners see these questions for the week starting {WEEKDAYS[weekday]}.
        </Notice>
      )}
      <div className="form__actions">
        <Button variant="quiet" onClick={() => setQuestions(DEFAULT_CHECK_IN_QUESTIONS)}>
          Use our default questions
        </Button>
        <Button type="submit" variant="primary" busy={save.isPending} busyLabel="Saving…" disabled={questions.length === 0}>
          Save the check-in
        </Button>
      </div>
    </form>
  );
}

function NewQuestion({ onAdd }: { onAdd: (q: CheckInQuestion) => void }) {
  const [kind, setKind] = useState<'scale' | 'choice'>('scale');
  const [prompt, setPrompt] = useState('');
  const [low, setLow] = useState('');
  const [high, setHigh] = useState('');
  const [options, setOptions] = useState('');
  const optionList = options.split('\n').map((o) => o.trim()).filter(Boolean);
  const ready = prompt.trim() !== '' && (kind === 'scale' ? low.trim() !== '' && high.trim() !== '' : optionList.length >= 2);
  const add = () => {
    const id = `q-${Date.now().toString(36)}`;
    onAdd(kind === 'scale' ? { id, kind, prompt: prompt.trim(), low: low.trim(), high: high.trim() } : { id, kind, prompt: prompt.trim(), options: optionList });
    setPrompt('');
    setLow('');
    setHigh('');
    setOptions('');
  };
  return (
    <fieldset className="check-in__new">
      <legend>Add a question</legend>
      <SelectField label="Kind" value={kind} onChange={(e) => setKind(e.target.value as 'scale' | 'choice')}>
        <option value="scale">A scale from 0 to 10</option>
        <option value="choice">A choice among options</option>
      </SelectField>
      <TextField label="Question" value={prompt} onChange={(e) => setPrompt(e.target.value)} maxLength={300} />
      {kind === 'scale' ? (
        <>
          <TextField label="Words at 0" value={low} onChange={(e) => setLow(e.target.value)} maxLength={60} />
          <TextField label="Words at 10" value={high} onChange={(e) => setHigh(e.target.value)} maxLength={60} />
        </>
      ) : (
        <TextAreaField label="Options, one a line" value={options} onChange={(e) => setOptions(e.target.value)} rows={4} />
      )}
      <Button size="small" onClick={add} disabled={!ready}>
        Add this question
      </Button>
    </fieldset>
  );
}

function AnswersTable({ workspaceId }: { workspaceId: string }) {
  const table = useQuery(answersTableQuery(workspaceId));
  if (table.isPending) return <Loading label="Reading the answers…" />;
  if (!table.data) return <ErrorNotice message={errorMessage(table.error)} />;
  const { checkIn, partners, weeks } = table.data as CheckInAnswersTable;
  return (
    <section className="card" aria-labelledby="check-in-answers-title">
      <h2 id="check-in-answers-title" className="card__title">
        Answers, week by week
      </h2>
      {!checkIn || weeks.length === 0 ? (
        <p className="muted">No answers yet.</p>
      ) : (
        <div className="check-in__table-scroll" tabIndex={0} role="region" aria-labelledby="check-in-answers-title">
          <table className="check-in__table">
            <caption className="visually-hidden">Each partner’s answers, newest week first</caption>
            <thead>
              <tr>
                <th scope="col">Week of</th>
                <th scope="col">Partner</th>
                {checkIn.questions.map((q) => (
                  <th key={q.id} scope="col">
                    {q.prompt}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {weeks.flatMap((week) =>
                partners.map((p) => {
                  const answers = week.answers[p.accountId] ?? null;
                  return (
                    <tr key={`${week.periodStarts}-${p.accountId}`}>
                      <td>{weekDate(week.periodStarts)}</td>
                      <th scope="row">{p.name}</th>
                      {checkIn.questions.map((q) => (
                        <td key={q.id}>{answers ? answerText(q, answers[q.id]) : 'Not answered'}</td>
                      ))}
                    </tr>
                  );
                }),
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
