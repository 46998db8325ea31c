import { useId, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { CheckInQuestion, ProgressPerson, ProgressView } from '@kinship/domain/wire';
import { PROGRESS_DEFAULT_WEEKS } from '@kinship/domain/wire';
import { workspaceQuery } from '../../workspaces/queries';
import { errorMessage } from '../../../shared/http';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import { progressQuery } from '../queries';
import { answerWords, OUTCOMES, outcomeRows, questionRows, sessionWeeks, shortDate } from '../figures';
import '../progress.css';

const WEEK_CHOICES = [4, 8, 12, 26, 52];
/** Each person's line: a colour and a dash, so the two series differ without colour too. */
const SERIES = [
  { stroke: '#2f5d62', dash: undefined },
  { stroke: '#6b4a8a', dash: '6 4' },
] as const;
const OUTCOME_FILL: Record<string, string> = { kept: '#2f5d62', partly: '#8fb3b6', 'not-this-time': '#b9b2a6' };

/**
 * /workspaces/:workspaceId/progress: check-in answers and commitment check-ins over weeks. The
 * counselor sees both partners side by side; a partner sees their own. Every chart has a table
 * beside it with the same figures (for screen readers, and what prints). Calm words: no scores,
 * no streaks, no judgement of a week.
 */
export default function ProgressPage() {
  const { workspaceId = '' } = useParams();
  useDocumentTitle('Workspace');
  const [weeks, setWeeks] = useState(PROGRESS_DEFAULT_WEEKS);
  const workspace = useQuery(workspaceQuery(workspaceId));
  // While other weeks are read, the page keeps what it shows (and the focus stays on the choice of weeks).
  const view = useQuery({ ...progressQuery(workspaceId, weeks), placeholderData: keepPreviousData });
  const selectId = useId();
  const back = { to: `/workspaces/${workspaceId}`, label: workspace.data?.name ?? 'Back to the workspace' };

  if (workspace.isPending || view.isPending) return <Loading label="Reading progress…" />;
  if (!workspace.data || !view.data) {
    return (
      <Notice tone="error" title="Progress could not be opened">
        <p>{errorMessage(workspace.error ?? view.error)}</p>
        <p>
          <Link to={back.to}>Back to the workspace</Link>
        </p>
      </Notice>
    );
  }
  const data = view.data;
  const both = data.scope === 'both';
  return (
    <div className="progress">
      <PageHeader back={back} title={both ? 'Progress over weeks' : 'Your progress over weeks'}>
        <p className="muted">
          {both
            ? 'Each partner’s check-in answers and commitment check-ins, side by side, week by week. Dashed lines mark the weeks of live sessions.'
            : 'Your own check-in answers and commitment check-ins, week by week. Only you and your counselor see them. Dashed lines mark the weeks of sessions you joined.'}
        </p>
      </PageHeader>
      <div className="progress__controls">
        <label htmlFor={selectId}>Weeks shown</label>
        <select id={selectId} className="progress__select" value={weeks} onChange={(e) => setWeeks(Number(e.target.value))}>
          {WEEK_CHOICES.map((n) => (
            <option key={n} value={n}>
              The last {n} weeks
            </option>
          ))}
        </select>
        {view.isFetching && <span className="muted" role="status">Reading…</span>}
      </div>
      <Sessions view={data} />
      {data.people.length === 0 ? (
        <p className="muted">No partner has joined this workspace yet.</p>
      ) : (
        <>
          <h2 className="progress__section-title">Check-in answers</h2>
          {data.questions.length === 0 ? (
            <p className="muted">{both ? 'No check-in is set yet: set the questions on the check-in page.' : 'Your counselor has not set a check-in yet.'}</p>
          ) : (
            data.questions.map((q) => <QuestionFigure key={q.id} view={data} question={q} />)
          )}
          <h2 className="progress__section-title">Commitments</h2>
          <div className="progress__people">
            {data.people.map((p) => (
              <CommitmentsFigure key={p.accountId} view={data} person={p} both={both} />
            ))}
          </div>
        </>
      )}
    </div>
  );
}

function Sessions({ view }: { view: ProgressView }) {
  return (
    <section className="card progress__sessions" aria-labelledby="progress-sessions-title">
      <h2 id="progress-sessions-title" className="card__title">
        Sessions in these weeks
      </h2>
      {view.sessions.length === 0 ? (
        <p className="muted">None in these weeks.</p>
      ) : (
        <ul>
          {view.sessions.map((s) => (
            <li key={s.id}>
              {new Date(s.startedAt).toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long' })} (week of {shortDate(s.weekStarts)})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The weeks with a session, as the chart's category values, each marked once. */
function sessionLines(view: ProgressView) {
  return [...sessionWeeks(view)].map((w) => (
    <ReferenceLine key={w} x={shortDate(w)} stroke="#56605f" strokeDasharray="3 3" label={{ value: 'Session', position: 'insideTopLeft', fontSize: 11, fill: '#56605f' }} />
  ));
}

function QuestionFigure({ view, question }: { view: ProgressView; question: CheckInQuestion }) {
  const titleId = useId();
  const rows = questionRows(view, question.id);
  const withSession = sessionWeeks(view);
  const scale = question.kind === 'scale';
  const ticks = scale ? [0, 2, 4, 6, 8, 10] : question.options.map((_, i) => i);
  return (
    <section className="card progress__figure" aria-labelledby={titleId}>
      <h3 id={titleId} className="card__title">
        {question.prompt}
      </h3>
      <p className="muted progress__hint">
        {scale ? `0 is “${question.low}”, 10 is “${question.high}”.` : `A choice: ${question.options.map((o, i) => `${i + 1}. ${o}`).join('; ')}.`} A dash in the table: not answered that week.
      </p>
      <div className="progress__pair">
        <div className="progress__chart" aria-hidden="true">
          <ResponsiveContainer width="100%" height={220}>
            <LineChart data={rows} margin={{ top: 16, right: 12, bottom: 4, left: 0 }} accessibilityLayer={false}>
              <CartesianGrid stroke="#e6e1d8" vertical={false} />
              <XAxis dataKey="week" tick={{ fontSize: 11 }} interval="preserveStartEnd" padding={{ left: 10, right: 10 }} />
              <YAxis
                domain={scale ? [0, 10] : [0, Math.max(1, question.options.length - 1)]}
                ticks={ticks}
                allowDecimals={false}
                width={scale ? 28 : 34}
                tick={{ fontSize: 11 }}
                tickFormatter={(v: number) => (scale ? String(v) : String(v + 1))}
              />
              {sessionLines(view)}
              {view.people.map((p, i) => (
                <Line
                  key={p.accountId}
                  type="linear"
                  dataKey={p.accountId}
                  name={p.name}
                  stroke={SERIES[i % 2]!.stroke}
                  strokeDasharray={SERIES[i % 2]!.dash}
                  strokeWidth={2}
                  dot={{ r: i % 2 ? 4 : 3, strokeDasharray: '0', fill: i % 2 ? SERIES[1]!.stroke : '#fff' }}
                  isAnimationActive={false}
                  connectNulls={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
          {view.people.length > 1 && <Legend people={view.people} />}
        </div>
        <div className="progress__table-scroll" tabIndex={0} role="region" aria-labelledby={`${titleId}-caption`}>
          <table className="progress__table">
            <caption id={`${titleId}-caption`}>Each week’s answers: {question.prompt}</caption>
            <thead>
              <tr>
                <th scope="col">Week of</th>
                {view.people.map((p) => (
                  <th key={p.accountId} scope="col">
                    {p.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {view.weeks.map((w, i) => (
                <tr key={w.starts}>
                  <th scope="row">
                    {shortDate(w.starts)}
                    {withSession.has(w.starts) && <span className="progress__session-mark"> · session</span>}
                  </th>
                  {view.people.map((p) => (
                    <td key={p.accountId}>
                      <Answer question={question} value={p.answers[question.id]?.[i]} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

/** An answer in words; a week without one is a dash on screen and on paper, "Not answered" to a screen reader. */
function Answer({ question, value }: { question: CheckInQuestion; value: number | null | undefined }) {
  if (value === null || value === undefined) {
    return (
      <>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">Not answered</span>
      </>
    );
  }
  return <>{answerWords(question, value)}</>;
}

function Legend({ people }: { people: ProgressPerson[] }) {
  return (
    <ul className="progress__legend">
      {people.map((p, i) => (
        <li key={p.accountId}>
          <svg width="28" height="8" aria-hidden="true">
            <line x1="0" y1="4" x2="28" y2="4" stroke={SERIES[i % 2]!.stroke} strokeWidth="2" strokeDasharray={SERIES[i % 2]!.dash} />
          </svg>
          {p.name}
        </li>
      ))}
    </ul>
  );
}

function CommitmentsFigure({ view, person, both }: { view: ProgressView; person: ProgressPerson; both: boolean }) {
  const titleId = useId();
  const rows = outcomeRows(view, person.accountId);
  const withSession = sessionWeeks(view);
  const most = Math.max(1, ...person.outcomes.map((o) => o.kept + o.partly + o['not-this-time']));
  const title = both ? `${person.name}’s commitment check-ins` : 'Your commitment check-ins';
  return (
    <section className="card progress__figure" aria-labelledby={titleId}>
      <h3 id={titleId} className="card__title">
        {title}
      </h3>
      <div className="progress__chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={rows} margin={{ top: 16, right: 12, bottom: 4, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e6e1d8" vertical={false} />
            <XAxis dataKey="week" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
            <YAxis allowDecimals={false} domain={[0, most]} width={28} tick={{ fontSize: 11 }} />
            {sessionLines(view)}
            {OUTCOMES.map(({ outcome, label }) => (
              <Bar key={outcome} dataKey={outcome} name={label} stackId="outcomes" fill={OUTCOME_FILL[outcome]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
        <ul className="progress__legend">
          {OUTCOMES.map(({ outcome, label }) => (
            <li key={outcome}>
              <span className="progress__swatch" style={{ background: OUTCOME_FILL[outcome] }} />
              {label}
            </li>
          ))}
        </ul>
      </div>
      <div className="progress__table-scroll" tabIndex={0} role="region" aria-labelledby={`${titleId}-caption`}>
        <table className="progress__table">
          <caption id={`${titleId}-caption`}>{title}, counted each week</caption>
          <thead>
            <tr>
              <th scope="col">Week of</th>
              {OUTCOMES.map(({ outcome, label }) => (
                <th key={outcome} scope="col">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.weeks.map((w, i) => (
              <tr key={w.starts}>
                <th scope="row">
                  {shortDate(w.starts)}
                  {withSession.has(w.starts) && <span className="progress__session-mark"> · session</span>}
                </th>
                {OUTCOMES.map(({ outcome }) => (
                  <td key={outcome}>{person.outcomes[i]?.[outcome] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h4 className="progress__list-title">{both ? `${person.name}’s commitments` : 'Your commitments'}</h4>
      {person.commitments.length === 0 ? (
        <p className="muted">None in these weeks.</p>
      ) : (
        <ul className="progress__commitments">
          {person.commitments.map((c) => (
            <li key={c.id}>
              {c.text}
              {c.retired && <span className="muted"> (retired)</span>}
              <span className="muted">
                {' '}
                — checked in {c.checkIns.length === 0 ? 'not in these weeks' : c.checkIns.map((k) => `${shortDate(k.period)}: ${OUTCOMES.find((o) => o.outcome === k.outcome)!.label.toLowerCase()}`).join(', ')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
