import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { can, COMMITMENT_OUTCOME_LABELS, COMMITMENT_RHYTHMS, type CommitmentRhythm } from '@kinship/domain/rules';
import type { CommitmentPersonWeek, CommitmentView, CommitmentWeekView } from '@kinship/domain/wire';
import { useAccount } from '../../auth/hooks/useAccount';
import { workspaceQuery } from '../../workspaces/queries';
import { Button } from '../../../ui/Button';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { SelectField } from '../../../ui/SelectField';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import { errorMessage } from '../../../shared/http';
import { retireCommitment, setRhythm } from '../api';
import { commitmentKeys, commitmentsQuery, weekQuery } from '../queries';
import { AddCommitment } from './AddCommitment';
import { CheckInControl } from './CheckInControl';
import '../commitments.css';

const RHYTHM_WORDS: Record<CommitmentRhythm, string> = { daily: 'each day', weekly: 'once a week' };

const dayLabel = (period: string) =>
  new Date(`${period}T00:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

/**
 * /workspaces/:workspaceId/commitments: a calm week. A partner sees their own commitments and checks
 * in on each; the counselor sees each partner's week. Everyone sees the commitments themselves
 * (they belong to the agreement), never another partner's check-ins. No streaks, no scores.
 */
export default function CommitmentsPage() {
  const { workspaceId = '' } = useParams();
  const account = useAccount();
  // The tab says only "Workspace": a title stays in the browser's history after a quick exit.
  useDocumentTitle('Workspace');
  const workspace = useQuery(workspaceQuery(workspaceId));
  const list = useQuery(commitmentsQuery(workspaceId));
  const week = useQuery(weekQuery(workspaceId));

  if (workspace.isPending || list.isPending || week.isPending) return <Loading label="Reading the commitments…" />;
  if (!workspace.data || !list.data || !week.data) {
    return (
      <Notice tone="error" title="The commitments could not be read">
        <p>{errorMessage(workspace.error ?? list.error ?? week.error)}</p>
      </Notice>
    );
  }
  const role = workspace.data.role;
  const standing = list.data.commitments.filter((c) => c.retired === null);
  const retired = list.data.commitments.filter((c) => c.retired !== null);
  return (
    <div className="commitments">
      <PageHeader back={{ to: `/workspaces/${encodeURIComponent(workspaceId)}`, label: workspace.data.name }} title="Commitments">
        <p className="muted">
          Check-ins happen {RHYTHM_WORDS[week.data.rhythm]}. {role === 'partner' ? 'Your check-ins are seen by you and your counselor only.' : 'Each partner sees only their own check-ins.'}
        </p>
      </PageHeader>
      {can({ role }, { type: 'commitment.rhythm' }) && <RhythmControl workspaceId={workspaceId} rhythm={week.data.rhythm} />}
      <section aria-labelledby="week-title" className="commitments__week">
        <h2 id="week-title">This week</h2>
        <p className="muted">The week of {dayLabel(week.data.weekOf)}.</p>
        {week.data.people.map((person) => (
          <PersonWeek key={person.accountId} workspaceId={workspaceId} week={week.data} person={person} mine={person.accountId === account.id} />
        ))}
      </section>
      {role === 'partner' && <AddCommitment workspaceId={workspaceId} myAccountId={account.id} />}
      <section className="card" aria-labelledby="all-commitments-title">
        <h2 id="all-commitments-title" className="card__title">
          Commitments in your agreements
        </h2>
        {standing.length === 0 ? <p className="muted">None yet.</p> : <CommitmentList commitments={standing} myAccountId={account.id} workspaceId={workspaceId} />}
        {retired.length > 0 && (
          <>
            <h3>Retired</h3>
            <CommitmentList commitments={retired} myAccountId={account.id} workspaceId={workspaceId} />
          </>
        )}
      </section>
    </div>
  );
}

function PersonWeek({ workspaceId, week, person, mine }: { workspaceId: string; week: CommitmentWeekView; person: CommitmentPersonWeek; mine: boolean }) {
  const headingId = `week-${person.accountId}`;
  const standing = person.commitments.filter((c) => c.commitment.retired === null);
  return (
    <section className="card" aria-labelledby={headingId}>
      <h3 id={headingId} className="card__title">
        {mine ? 'Your week' : `${person.name}’s week`}
      </h3>
      {standing.length === 0 && <p className="muted">{mine ? 'You have no commitments yet.' : 'No commitments yet.'}</p>}
      <ul className="commitments__list">
        {standing.map(({ commitment, checkIns }) => (
          <li key={commitment.id} className="commitment">
            <p className="commitment__text">{commitment.text}</p>
            <p className="muted commitment__item">
              For “{commitment.itemTitle}” in {commitment.agreementTitle}
            </p>
            {week.periods
              .filter((p) => !(mine && p === week.currentPeriod))
              .map((p) => {
                const c = checkIns.find((x) => x.period === p);
                if (!c && p > week.currentPeriod) return null;
                return (
                  <p key={p} className="commitment__past">
                    {week.rhythm === 'daily' ? `${dayLabel(p)}: ` : 'This week: '}
                    {c ? COMMITMENT_OUTCOME_LABELS[c.outcome] : 'No check-in'}
                    {c?.note ? <span className="commitment__note"> — {c.note}</span> : null}
                  </p>
                );
              })}
            {mine && week.periods.includes(week.currentPeriod) && (
              <CheckInControl
                key={`${commitment.id}:${week.currentPeriod}`}
                workspaceId={workspaceId}
                commitmentId={commitment.id}
                period={week.currentPeriod}
                periodLabel={week.rhythm === 'daily' ? 'today' : 'this week'}
                current={checkIns.find((x) => x.period === week.currentPeriod)}
              />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function CommitmentList({ commitments, myAccountId, workspaceId }: { commitments: CommitmentView[]; myAccountId: string; workspaceId: string }) {
  const queryClient = useQueryClient();
  const retire = useMutation({
    mutationFn: (id: string) => retireCommitment(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: commitmentKeys.workspace(workspaceId) }),
  });
  return (
    <ul className="commitments__list">
      {commitments.map((c) => (
        <li key={c.id} className="commitment">
          <p className="commitment__text">
            <strong>{c.author.accountId === myAccountId ? 'You' : c.author.name}:</strong> {c.text}
          </p>
          <p className="muted commitment__item">
            For “{c.itemTitle}” in <Link to={`/workspaces/${encodeURIComponent(workspaceId)}/documents/${encodeURIComponent(c.agreementId)}`}>{c.agreementTitle}</Link>
          </p>
          {c.retired && <p className="commitment__retired">{c.retired.words}.</p>}
          {!c.retired && c.author.accountId === myAccountId && (
            <Button size="small" variant="quiet" busy={retire.isPending && retire.variables === c.id} busyLabel="Retiring…" onClick={() => retire.mutate(c.id)}>
              Retire this commitment
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
}

function RhythmControl({ workspaceId, rhythm }: { workspaceId: string; rhythm: CommitmentRhythm }) {
  const queryClient = useQueryClient();
  const [value, setValue] = useState<CommitmentRhythm>(rhythm);
  const save = useMutation({
    mutationFn: () => setRhythm(workspaceId, value),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: commitmentKeys.workspace(workspaceId) }),
  });
  return (
    <section className="card" aria-labelledby="rhythm-title">
      <h2 id="rhythm-title" className="card__title">
        Rhythm
      </h2>
      <form
        className="commitments__form"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <SelectField label="Partners check in" hint="Agree it with the couple in a session." value={value} onChange={(e) => setValue(e.target.value as CommitmentRhythm)}>
          {COMMITMENT_RHYTHMS.map((r) => (
            <option key={r} value={r}>
              {RHYTHM_WORDS[r]}
            </option>
          ))}
        </SelectField>
        <div>
          <Button type="submit" busy={save.isPending} busyLabel="Saving…" disabled={value === rhythm}>
            Save rhythm
          </Button>
        </div>
        {save.isError && <p className="field__error">{errorMessage(save.error)}</p>}
      </form>
    </section>
  );
}
