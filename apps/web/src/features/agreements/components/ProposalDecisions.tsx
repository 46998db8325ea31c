import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { can, type AccountView, type MemberView, type ProposalView, type Role } from '@kinship/domain';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { formatDateTime } from '../../../ui/format';
import { Notice } from '../../../ui/Notice';
import { acceptProposal, declineProposal, withdrawProposal } from '../api';

/**
 * Where each partner stands (accepted this exact text, not yet, or an acceptance withdrawn and
 * why), and the partner's Accept / Decline with a reason; the author may withdraw.
 */
export function ProposalDecisions({
  proposal,
  partners,
  account,
  role,
  onChanged,
}: {
  proposal: ProposalView;
  partners: MemberView[];
  account: AccountView;
  role: Role;
  onChanged: (p: ProposalView) => void;
}) {
  const [reason, setReason] = useState('');
  const [declining, setDeclining] = useState(false);
  const accept = useMutation({ mutationFn: () => acceptProposal(proposal.agreementId, proposal.id, proposal.stateHash), onSuccess: onChanged });
  const decline = useMutation({ mutationFn: () => declineProposal(proposal.agreementId, proposal.id, reason), onSuccess: onChanged });
  const withdraw = useMutation({ mutationFn: () => withdrawProposal(proposal.agreementId, proposal.id), onSuccess: onChanged });
  const open = proposal.state === 'open' || proposal.state === 'stale';
  const isPartner = can({ role }, { type: 'agreement.accept' });
  const latest = (accountId: string) => [...proposal.decisions].reverse().find((d) => d.accountId === accountId);
  const withdrawn = proposal.decisions.filter((d) => d.withdrawn);
  const mine = latest(account.id);
  const iAccepted = mine?.decision === 'accepted' && !mine.withdrawn;
  const error = accept.error ?? decline.error ?? withdraw.error;

  return (
    <section className="proposal-decisions" aria-labelledby="decisions-heading">
      <h2 id="decisions-heading">Acceptance</h2>
      <ul className="proposal-decisions__partners">
        {partners.map((p) => {
          const d = latest(p.accountId);
          const status =
            d?.decision === 'declined'
              ? `declined (${formatDateTime(d.at)}): ${d.reason ?? ''}`
              : d && !d.withdrawn
                ? `accepted this text (${formatDateTime(d.at)})`
                : 'has not accepted yet';
          return (
            <li key={p.accountId}>
              <strong>{p.accountId === account.id ? `You (${p.displayName})` : p.displayName}</strong> {status}
            </li>
          );
        })}
      </ul>
      {withdrawn.map((d, i) => (
        <Notice key={i} tone="info" title={`${d.accountId === account.id ? 'Your' : `${d.name}’s`} acceptance was withdrawn`}>
          <p>Withdrawn because {d.withdrawn!.reason} ({formatDateTime(d.withdrawn!.at)}).</p>
        </Notice>
      ))}
      {open && isPartner && (
        <div className="proposal-decisions__actions">
          {!iAccepted && (
            <Button variant="primary" busy={accept.isPending} disabled={proposal.state === 'stale'} onClick={() => accept.mutate()}>
              Accept this text
            </Button>
          )}
          {!declining ? (
            <Button onClick={() => setDeclining(true)}>Decline…</Button>
          ) : (
            <form
              className="proposal-decisions__decline"
              onSubmit={(e) => {
                e.preventDefault();
                if (reason.trim()) decline.mutate();
              }}
            >
              <label htmlFor="decline-reason">Why you decline (both will read it)</label>
              <textarea id="decline-reason" className="field__input" value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} />
              <Button type="submit" variant="danger" busy={decline.isPending}>
                Decline
              </Button>{' '}
              <Button onClick={() => setDeclining(false)}>Cancel</Button>
            </form>
          )}
        </div>
      )}
      {open && !isPartner && <p>Only the partners accept or decline; you may comment on any item.</p>}
      {open && proposal.createdBy.accountId === account.id && (
        <Button variant="quiet" size="small" onClick={() => withdraw.mutate()}>
          Withdraw my proposal
        </Button>
      )}
      {error && (
        <Notice tone="error" live>
          {errorMessage(error)}
        </Notice>
      )}
    </section>
  );
}
