import { useMutation } from '@tanstack/react-query';
import type { ProposalView } from '@kinship/domain/agreements';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { Notice } from '../../../ui/Notice';
import { keepMine, rebaseProposal } from '../api';
import '../agreements.css';

/** A stale proposal's banner ("Bring up to date"), and the conflicts to resolve before anyone accepts. */
export function StaleBanner({ proposal, onChanged }: { proposal: ProposalView; onChanged: (p: ProposalView) => void }) {
  const rebase = useMutation({ mutationFn: () => rebaseProposal(proposal.agreementId, proposal.id), onSuccess: onChanged });
  const keep = useMutation({ mutationFn: (itemId: string) => keepMine(proposal.agreementId, proposal.id, itemId), onSuccess: onChanged });
  const unresolved = proposal.conflicts.filter((c) => !c.resolved);
  return (
    <>
      {proposal.state === 'stale' && (
        <Notice tone="info" title="This proposal is out of date">
          <p>
            It changes version {proposal.baseVersion || 'the draft'}, but version {proposal.versionInForce} is in force now. Bring it up to date
            before anyone accepts: items both sides changed are listed to resolve.
          </p>
          <Button variant="primary" busy={rebase.isPending} onClick={() => rebase.mutate()}>
            Bring up to date
          </Button>
        </Notice>
      )}
      {unresolved.length > 0 && (
        <section className="proposal-conflicts" aria-labelledby="conflicts-heading">
          <h2 id="conflicts-heading">Conflicts to resolve ({unresolved.length})</h2>
          <p>These items were changed here and in the version now in force. Edit the item to settle it, or keep this proposal’s wording.</p>
          <ul>
            {unresolved.map((c) => (
              <li key={c.itemId}>
                “{c.title}”{' '}
                <Button size="small" onClick={() => keep.mutate(c.itemId)}>
                  Keep mine
                </Button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {(rebase.error ?? keep.error) && (
        <Notice tone="error" live>
          {errorMessage(rebase.error ?? keep.error)}
        </Notice>
      )}
    </>
  );
}
