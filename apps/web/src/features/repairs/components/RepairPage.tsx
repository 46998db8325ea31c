import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { can, REPAIR_BREAK_MINUTES, REPAIR_STEP_LABELS, REPAIR_STEPS, type RepairKind, type RepairStep, type Role } from '@kinship/domain/rules';
import type { RepairsView, RepairView } from '@kinship/domain/wire';
import { useAccount } from '../../auth/hooks/useAccount';
import { workspaceQuery } from '../../workspaces/queries';
import { Button } from '../../../ui/Button';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import { errorMessage } from '../../../shared/http';
import { setBetrayalUnlocked, startRepair } from '../api';
import { repairKeys, repairsQuery } from '../queries';
import { useRepairLive } from '../useRepairLive';
import { RepairStepPanel } from './RepairStepPanel';
import { useRepairMove } from '../useRepairMove';
import { ApologyBuilder } from './ApologyBuilder';
import { OneThingOutcomes } from './OneThingOutcomes';
import { SharedSoFar } from './SharedSoFar';
import '../repairs.css';

const STEPS_SHOWN = REPAIR_STEPS.filter((s) => s !== 'done');

export const timeOfDay = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * /workspaces/:workspaceId/repair: a guided repair. A partner starts one (or the counselor does),
 * then both go step by step; the break button is always there. The counselor sees each step's
 * progress for both and can pause. Every change reaches the other phone over /live.
 */
export default function RepairPage() {
  const { workspaceId = '' } = useParams();
  const account = useAccount();
  // The tab says only "Workspace": a title stays in the browser's history after a quick exit.
  useDocumentTitle('Workspace');
  useRepairLive(workspaceId);
  const workspace = useQuery(workspaceQuery(workspaceId));
  const repairs = useQuery(repairsQuery(workspaceId));

  if (workspace.isPending || repairs.isPending) return <Loading label="Opening the repair…" />;
  if (!workspace.data || !repairs.data) {
    return (
      <Notice tone="error" title="The repair could not be read">
        <p>{errorMessage(workspace.error ?? repairs.error)}</p>
      </Notice>
    );
  }
  const role = workspace.data.role;
  const current = repairs.data.current;
  return (
    <div className="repair">
      <PageHeader back={{ to: `/workspaces/${encodeURIComponent(workspaceId)}`, label: workspace.data.name }} title="Repair">
        <p className="muted">
          Going through something that hurt, together and in your own words. There are no wrong feelings here; take a break whenever you need one.
        </p>
      </PageHeader>
      {current && <OpenRepair workspaceId={workspaceId} repair={current} role={role} me={account.id} />}
      {current?.status !== 'open' && <StartRepair workspaceId={workspaceId} role={role} view={repairs.data} again={current !== null} />}
      {role === 'counselor' && <BetrayalUnlock workspaceId={workspaceId} unlocked={repairs.data.betrayalUnlocked} />}
      {repairs.data.past.length > 0 && (
        <section className="card" aria-labelledby="past-repairs-title">
          <h2 id="past-repairs-title" className="card__title">
            Earlier repairs
          </h2>
          <ul className="repair__past">
            {repairs.data.past.map((p) => (
              <li key={p.id}>
                {p.kind === 'betrayal' ? 'Betrayal repair' : 'Repair'} started {new Date(p.startedAt).toLocaleDateString()} — {p.status === 'done' ? 'finished' : 'set aside'}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function StartRepair({ workspaceId, role, view, again }: { workspaceId: string; role: Role; view: RepairsView; again: boolean }) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<RepairKind>('incident');
  const start = useMutation({
    mutationFn: () => startRepair(workspaceId, kind),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: repairKeys.workspace(workspaceId) }),
  });
  const betrayalOpen = can({ role }, { type: 'repair.start', kind: 'betrayal', betrayalUnlocked: view.betrayalUnlocked });
  return (
    <section className="card" aria-labelledby="start-repair-title">
      <h2 id="start-repair-title" className="card__title">
        {again ? 'Start another repair' : 'Start a repair'}
      </h2>
      <p>You will go through it in steps, each of you in turn. Nothing moves on until you have both finished a step.</p>
      <form
        className="repair__form"
        onSubmit={(event) => {
          event.preventDefault();
          start.mutate();
        }}
      >
        <fieldset className="choice-group">
          <legend className="field__label">What kind of repair?</legend>
          <label className="choice">
            <input type="radio" name="repair-kind" value="incident" checked={kind === 'incident'} onChange={() => setKind('incident')} />
            <span>
              <span className="choice__label">After a hurtful moment</span>
              <span className="choice__hint">Something said or done that hurt, big or small.</span>
            </span>
          </label>
          <label className="choice">
            <input type="radio" name="repair-kind" value="betrayal" checked={kind === 'betrayal'} disabled={!betrayalOpen} onChange={() => setKind('betrayal')} />
            <span>
              <span className="choice__label">Betrayal repair</span>
              <span className="choice__hint">{betrayalOpen ? 'Unlocked by your counselor.' : 'Your counselor opens this when you are both ready for it.'}</span>
            </span>
          </label>
        </fieldset>
        <div>
          <Button type="submit" variant="primary" busy={start.isPending} busyLabel="Starting…">
            Start the repair
          </Button>
        </div>
        {start.isError && (
          <p className="field__error" role="alert">
            {errorMessage(start.error)}
          </p>
        )}
      </form>
    </section>
  );
}

function BetrayalUnlock({ workspaceId, unlocked }: { workspaceId: string; unlocked: boolean }) {
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: () => setBetrayalUnlocked(workspaceId, !unlocked),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: repairKeys.workspace(workspaceId) }),
  });
  return (
    <section className="card" aria-labelledby="betrayal-title">
      <h2 id="betrayal-title" className="card__title">
        Betrayal repair
      </h2>
      <p className="muted">{unlocked ? 'Unlocked: either partner can start a betrayal repair.' : 'Locked: the partners can start a repair after a hurtful moment, not a betrayal repair.'}</p>
      <div>
        <Button size="small" onClick={() => toggle.mutate()} busy={toggle.isPending} busyLabel="Saving…">
          {unlocked ? 'Lock betrayal repair' : 'Unlock betrayal repair'}
        </Button>
      </div>
      {toggle.isError && (
        <p className="field__error" role="alert">
          {errorMessage(toggle.error)}
        </p>
      )}
    </section>
  );
}

function OpenRepair({ workspaceId, repair, role, me }: { workspaceId: string; repair: RepairView; role: Role; me: string }) {
  const isPartner = role === 'partner' && repair.partners.some((p) => p.accountId === me);
  const other = repair.partners.find((p) => p.accountId !== me);
  const stepNumber = STEPS_SHOWN.indexOf(repair.step as (typeof STEPS_SHOWN)[number]) + 1;
  const close = useRepairMove(workspaceId, repair.id);
  return (
    <>
      <section className="card repair__status" aria-labelledby="repair-step-title">
        <p className="muted repair__kind">{repair.kind === 'betrayal' ? 'Betrayal repair' : 'Repair after a hurtful moment'}</p>
        <h2 id="repair-step-title" className="card__title">
          {repair.step === 'done' ? 'Every step is done' : `Step ${stepNumber} of ${STEPS_SHOWN.length}: ${REPAIR_STEP_LABELS[repair.step]}`}
        </h2>
        <p className="repair__turn" role="status" aria-live="polite">
          {repair.turn ?? (repair.status === 'done' ? 'You went through every step together.' : '')}
        </p>
        {repair.paused && (
          <Notice tone="info" title="Paused by your counselor">
            <p>Nothing moves until they resume it.</p>
          </Notice>
        )}
        {isPartner && repair.status === 'open' && <BreakBar workspaceId={workspaceId} repair={repair} />}
      </section>
      {role === 'counselor' && <CounselorProgress workspaceId={workspaceId} repair={repair} />}
      {isPartner && repair.status === 'open' && !repair.paused && !repair.breakUntil && <RepairStepPanel workspaceId={workspaceId} repair={repair} me={me} />}
      <SharedSoFar repair={repair} me={me} />
      {isPartner && <OneThingOutcomes workspaceId={workspaceId} repair={repair} me={me} />}
      {isPartner && repair.status === 'open' && other && <ApologyBuilder workspaceId={workspaceId} repair={repair} me={me} otherName={other.name} />}
      {repair.status === 'open' && (isPartner || role === 'counselor') && (
        <section className="card" aria-labelledby="set-aside-title">
          <h2 id="set-aside-title" className="card__title">
            Set this repair aside
          </h2>
          <p className="muted">If it is not the right time, you can set it aside and start again later. What was written stays with it.</p>
          <div>
            <Button size="small" variant="quiet" onClick={() => close.mutate({ type: 'close' })} busy={close.isPending} busyLabel="Setting aside…">
              Set aside
            </Button>
          </div>
          {close.isError && (
            <p className="field__error" role="alert">
              {errorMessage(close.error)}
            </p>
          )}
        </section>
      )}
    </>
  );
}

/** The break: always there for a partner. While one is on, the time it ends and a countdown; resume once it has passed. */
function BreakBar({ workspaceId, repair }: { workspaceId: string; repair: RepairView }) {
  const move = useRepairMove(workspaceId, repair.id);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!repair.breakUntil) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [repair.breakUntil]);
  const left = repair.breakUntil ? Math.max(0, Date.parse(repair.breakUntil) - now) : 0;
  const minutes = Math.floor(left / 60_000);
  const seconds = Math.floor((left % 60_000) / 1000);
  const breaker = repair.partners.find((p) => p.accountId === repair.breakBy)?.name;
  return (
    <div className="repair__break">
      {repair.breakUntil ? (
        <>
          <p>
            <strong>On a break until {timeOfDay(repair.breakUntil)}</strong>
            {breaker ? ` (called by ${breaker})` : ''}.{' '}
            {left > 0 ? (
              <span>
                {minutes}:{String(seconds).padStart(2, '0')} left.
              </span>
            ) : (
              'The break is over whenever you are ready.'
            )}
          </p>
          <div>
            <Button variant="primary" disabled={left > 0} onClick={() => move.mutate({ type: 'resume' })} busy={move.isPending} busyLabel="Resuming…">
              Resume the repair
            </Button>
          </div>
        </>
      ) : (
        <>
          <div>
            <Button onClick={() => move.mutate({ type: 'break' })} busy={move.isPending} busyLabel="Starting a break…" disabled={repair.paused !== null}>
              Take a break
            </Button>
          </div>
          <p className="muted repair__hint">At least {REPAIR_BREAK_MINUTES} minutes, for either of you, at any step.</p>
        </>
      )}
      {move.isError && (
        <p className="field__error" role="alert">
          {errorMessage(move.error)}
        </p>
      )}
    </div>
  );
}

function CounselorProgress({ workspaceId, repair }: { workspaceId: string; repair: RepairView }) {
  const move = useRepairMove(workspaceId, repair.id);
  const stepIndex = (s: RepairStep) => REPAIR_STEPS.indexOf(s);
  return (
    <section className="card" aria-labelledby="progress-title">
      <h2 id="progress-title" className="card__title">
        Each step’s progress
      </h2>
      <div className="repair__table-wrap" role="region" aria-labelledby="progress-title" tabIndex={0}>
        <table className="repair__table">
          <thead>
            <tr>
              <th scope="col">Step</th>
              {repair.partners.map((p) => (
                <th key={p.accountId} scope="col">
                  {p.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {STEPS_SHOWN.map((step) => (
              <tr key={step} aria-current={step === repair.step ? 'step' : undefined}>
                <th scope="row">{REPAIR_STEP_LABELS[step]}</th>
                {repair.partners.map((p) => (
                  <td key={p.accountId}>{repair.progress[step][p.accountId] ? 'Done' : stepIndex(step) > stepIndex(repair.step) ? '—' : 'Not yet'}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {repair.status === 'open' && (
        <div>
          <Button variant={repair.paused ? 'primary' : 'secondary'} onClick={() => move.mutate({ type: repair.paused ? 'unpause' : 'pause' })} busy={move.isPending} busyLabel="Saving…">
            {repair.paused ? 'Resume the repair' : 'Pause the repair'}
          </Button>
        </div>
      )}
      {move.isError && (
        <p className="field__error" role="alert">
          {errorMessage(move.error)}
        </p>
      )}
    </section>
  );
}
