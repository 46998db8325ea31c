import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { can, type Role } from '@kinship/domain/rules';
import { type AccountView } from '@kinship/domain/wire';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { formatDateTime } from '../../../ui/format';
import { Notice } from '../../../ui/Notice';
import { cancelArchive, confirmArchive, propose, requestArchive } from '../api';
import { usePeopleNames } from '../hooks';
import { agreementKeys, agreementQuery } from '../queries';
import { useJointWork } from '../../safety/hooks';
import { AgreementItems } from './AgreementItems';
import { VersionExportLinks } from './VersionExportLinks';
import '../agreements.css';

const STATE_LABEL = { open: 'Open', stale: 'Needs bringing up to date', 'in-force': 'In force', declined: 'Declined', withdrawn: 'Withdrawn' } as const;

/**
 * An agreement's page above (or instead of) its editor: the version in force, read-only and
 * numbered, with who accepted it and when; "Propose a change" (or, on a draft, "Ask both to
 * accept"); the proposals; versions; and the archive both partners agree to.
 */
export function AgreementPanel({ agreementId, workspaceId, account, role }: { agreementId: string; workspaceId: string; account: AccountView; role: Role }) {
  const query = useQuery(agreementQuery(agreementId));
  const people = usePeopleNames(workspaceId);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: agreementKeys.agreement(agreementId) });
  // The counselor may have paused joint work: no proposal opens meanwhile (the banner says so).
  const jointWorkPaused = useJointWork(workspaceId)?.paused;
  const proposing = useMutation({
    mutationFn: () => propose(agreementId),
    onSuccess: (p) => navigate(`/workspaces/${workspaceId}/agreements/${agreementId}/proposals/${p.id}`),
  });
  const archive = useMutation({
    mutationFn: async (action: 'ask' | 'confirm' | 'cancel'): Promise<void> => {
      if (action === 'ask') await requestArchive(agreementId);
      else if (action === 'confirm') await confirmArchive(agreementId);
      else await cancelArchive(agreementId);
    },
    onSuccess: refresh,
  });

  if (!query.data) return query.error ? <Notice tone="error">{errorMessage(query.error)}</Notice> : null;
  const agreement = query.data;
  const inForce = agreement.inForce;
  const open = agreement.proposals.filter((p) => p.state === 'open' || p.state === 'stale');
  const closed = agreement.proposals.filter((p) => p.state !== 'open' && p.state !== 'stale');
  const isPartner = can({ role }, { type: 'agreement.accept' });
  const request = agreement.archiveRequest;
  const proposalLink = (id: string) => `/workspaces/${workspaceId}/agreements/${agreementId}/proposals/${id}`;

  return (
    <section className="agreement-panel" aria-labelledby="agreement-in-force">
      {inForce ? (
        <>
          <h2 id="agreement-in-force">Version {inForce.number} in force</h2>
          <p className="agreement-panel__accepted">
            Proposed by {inForce.proposedBy.name}. Accepted by {inForce.acceptedBy.map((a) => `${a.name} (${formatDateTime(a.at)})`).join(' and ')}. In force
            since {formatDateTime(inForce.inForceAt)}.
          </p>
          <p>
            <VersionExportLinks workspaceId={workspaceId} agreementId={agreementId} number={inForce.number} />
          </p>
          <AgreementItems items={inForce.items} people={people} label={`Version ${inForce.number}`} />
        </>
      ) : (
        <>
          <h2 id="agreement-in-force">Draft — not in force yet</h2>
          <p>
            Write the items together below. When you are ready, ask both partners to accept: the draft becomes a proposal, and it comes into force
            as version 1 once both of you accept the same text.
          </p>
        </>
      )}
      {!agreement.archived && (!agreement.sealed || inForce) && (
        <Button variant="primary" busy={proposing.isPending} disabled={!can({ role, jointWorkPaused }, { type: 'agreement.propose' })} onClick={() => proposing.mutate()}>
          {inForce ? 'Propose a change' : 'Ask both to accept'}
        </Button>
      )}
      {proposing.error && <Notice tone="error" live>{errorMessage(proposing.error)}</Notice>}
      {open.length > 0 && (
        <>
          <h2>Open proposals</h2>
          <ul className="agreement-panel__proposals">
            {open.map((p) => (
              <li key={p.id}>
                <Link to={proposalLink(p.id)}>{p.title}</Link> — {STATE_LABEL[p.state]}, by {p.createdBy.name}, {formatDateTime(p.createdAt)}
              </li>
            ))}
          </ul>
        </>
      )}
      {closed.length > 0 && (
        <details className="agreement-panel__closed">
          <summary>Earlier proposals ({closed.length})</summary>
          <ul>
            {closed.map((p) => (
              <li key={p.id}>
                <Link to={proposalLink(p.id)}>{p.title}</Link> — {STATE_LABEL[p.state]}
              </li>
            ))}
          </ul>
        </details>
      )}
      {inForce && (
        <p>
          <Link className="agreement-panel__link" to={`/workspaces/${workspaceId}/agreements/${agreementId}/versions`}>
            All versions and compare
          </Link>
        </p>
      )}
      {inForce && isPartner && !agreement.archived && (
        <div className="agreement-panel__archive">
          {request ? (
            request.requestedBy.accountId === account.id ? (
              <p>
                You asked to archive this agreement ({formatDateTime(request.at)}); the other partner confirms.{' '}
                <Button size="small" onClick={() => archive.mutate('cancel')}>Take the request back</Button>
              </p>
            ) : (
              <Notice tone="info" title={`${request.requestedBy.name} asked to archive this agreement`}>
                <Button size="small" variant="danger" onClick={() => archive.mutate('confirm')}>Confirm: archive it</Button>{' '}
                <Button size="small" onClick={() => archive.mutate('cancel')}>Keep it</Button>
              </Notice>
            )
          ) : (
            <Button size="small" variant="quiet" onClick={() => archive.mutate('ask')}>Ask to archive</Button>
          )}
          {archive.error && <Notice tone="error" live>{errorMessage(archive.error)}</Notice>}
        </div>
      )}
    </section>
  );
}
