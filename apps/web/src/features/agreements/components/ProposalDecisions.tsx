import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { can, type Role } from '@kinship/domain/rules';
import { type AccountView, type MemberView } from '@kinship/domain/wire';
import { type ProposalView } from '@kinship/domain/agreements';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { formatDateTime } from '../../../ui/format';
import { Notice } from '../../../ui/Notice';
import { acceptProposal, declineProposal, withdrawProposal } from '../api';
import { agreementItemAnchor } from '../../editor/agreement-items/agreement-anchor';
import { withdrawalWords } from '../withdrawal';
import { useJointWork } from '../../safety/hooks';
import '../agreements.css';

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
  stateOnScreen,
}: {
  proposal: ProposalView;
  partners: MemberView[];
  account: AccountView;
  role: Role;
  onChanged: (p: ProposalView) => void;
  /**
   * The hash of the proposal as this screen shows it, once this person's own edits on it are
   * stored (accept-state.ts); null when it cannot be hashed here. Accept sends it, so an edit made
   * a moment before Accept is part of what is accepted, never a reason to refuse it.
   */
  stateOnScreen?: () => Promise<string | null>;
}) {
  const [reason, setReason] = useState('');
  const [declining, setDeclining] = useState(false);
  const accept = useMutation({
    mutationFn: async () => acceptProposal(proposal.agreementId, proposal.id, (await stateOnScreen?.()) ?? proposal.stateHash),
    onSuccess: onChanged,
  });
  const decline = useMutation({ mutationFn: () => declineProposal(proposal.agreementId, proposal.id, reason), onSuccess: onChanged });
  const withdraw = useMutation({ mutationFn: () => withdrawProposal(proposal.agreementId, proposal.id), onSuccess: onChanged });
  const open = proposal.state === 'open' || proposal.state === 'stale';
  const isPartner = can({ role }, { type: 'agreement.accept' });
  // The counselor may have paused joint work: nobody accepts meanwhile (declining stays open).
  const { workspaceId = '' } = useParams();
  const jointWorkPaused = useJointWork(workspaceId)?.paused;
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
      {withdrawn.map((d, i) => {
        const { sentence, items } = withdrawalWords(d.withdrawn!.reason, d.name, d.accountId === account.id);
        return (
          <Notice key={i} tone="info" title={`${d.accountId === account.id ? 'Your' : `${d.name}’s`} acceptance was withdrawn`}>
            <p>
              Withdrawn because {sentence} ({formatDateTime(d.withdrawn!.at)}).
            </p>
            {/* What changed is in the proposal, maybe far up the page: each item named is a tap away. */}
            {items.length > 0 && (
              <p className="proposal-decisions__items">
                {items.map((n) => (
                  <a key={n} className="button button--secondary button--small" href={`#${agreementItemAnchor(n)}`}>
                    See item {n}
                  </a>
                ))}
              </p>
            )}
          </Notice>
        );
      })}
      {open && isPartner && (
        <div className="proposal-decisions__actions">
          {!iAccepted && (
            <Button variant="primary" busy={accept.isPending} busyLabel="Accepting…" disabled={proposal.state === 'stale' || !can({ role, jointWorkPaused }, { type: 'agreement.accept' })} onClick={() => accept.mutate()}>
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

