import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { can } from '@kinship/domain/rules';
import type { RepairView } from '@kinship/domain/wire';
import { Button } from '../../../ui/Button';
import { SelectField } from '../../../ui/SelectField';
import { errorMessage } from '../../../shared/http';
import { documentsQuery } from '../../documents/queries';
import { fetchAgreement } from '../../agreements/api';
import { oneThingToCommitment, oneThingToProposal } from '../api';
import { repairKeys } from '../queries';

/**
 * A partner's "one thing I will do differently", once written: as a proposed item of an agreement
 * in force (both then accept it there, or not), and/or as their commitment on an item binding them.
 */
export function OneThingOutcomes({ workspaceId, repair, me }: { workspaceId: string; repair: RepairView; me: string }) {
  const queryClient = useQueryClient();
  const mine = repair.differently[me];
  const { data: documents } = useQuery({ ...documentsQuery(workspaceId), enabled: mine !== undefined });
  const agreementIds = (documents ?? []).filter((d) => d.kind === 'agreement' && !d.archived).map((d) => d.id);
  const agreements = useQueries({
    queries: agreementIds.map((id) => ({ queryKey: [...repairKeys.all, 'agreement', id], queryFn: () => fetchAgreement(id) })),
  });
  const inForce = agreements.flatMap((q) => (q.data?.inForce ? [q.data] : []));
  const [agreementId, setAgreementId] = useState('');
  const [itemChoice, setItemChoice] = useState('');
  const done = repair.outcomes[me] ?? {};
  const refresh = () => queryClient.invalidateQueries({ queryKey: repairKeys.workspace(workspaceId) });
  const chosenAgreement = agreementId || inForce[0]?.documentId || '';
  const propose = useMutation({ mutationFn: () => oneThingToProposal(repair.id, chosenAgreement), onSuccess: refresh });
  const itemChoices = inForce.flatMap((a) =>
    a.inForce!.items.flatMap((item, index) =>
      can({ role: 'partner' }, { type: 'commitment.make', item, me }) ? [{ value: `${a.documentId} ${item.id}`, label: `${a.title} — item ${index + 1}: ${item.title || 'Untitled'}` }] : [],
    ),
  );
  const commit = useMutation({
    mutationFn: () => {
      const [a, i] = (itemChoice || itemChoices[0]!.value).split(' ');
      return oneThingToCommitment(repair.id, a!, i!);
    },
    onSuccess: refresh,
  });
  if (mine === undefined || repair.status === 'closed') return null;
  const blocked = repair.breakUntil !== null || repair.paused !== null;
  return (
    <section className="card" aria-labelledby="one-thing-title">
      <h2 id="one-thing-title" className="card__title">
        Keep your one thing
      </h2>
      <p>“{mine}”</p>
      {inForce.length === 0 ? (
        <p className="muted">When an agreement is in force, your one thing can become a proposed agreement item or a commitment. There is none in force yet.</p>
      ) : (
        <>
          {done.proposalId ? (
            <p>
              It is a proposed item now.{' '}
              <Link to={`/workspaces/${encodeURIComponent(workspaceId)}/agreements/${encodeURIComponent(done.agreementId!)}/proposals/${encodeURIComponent(done.proposalId)}`}>
                Open the proposal
              </Link>
            </p>
          ) : (
            <form
              className="repair__form"
              onSubmit={(event) => {
                event.preventDefault();
                propose.mutate();
              }}
            >
              <SelectField label="Propose it as an item of" value={chosenAgreement} onChange={(e) => setAgreementId(e.target.value)}>
                {inForce.map((a) => (
                  <option key={a.documentId} value={a.documentId}>
                    {a.title}
                  </option>
                ))}
              </SelectField>
              <div>
                <Button type="submit" variant="primary" disabled={blocked} busy={propose.isPending} busyLabel="Proposing…">
                  Propose as an agreement item
                </Button>
              </div>
              {propose.isError && (
                <p className="field__error" role="alert">
                  {errorMessage(propose.error)}
                </p>
              )}
            </form>
          )}
          {done.commitmentId ? (
            <p>
              It is one of your commitments now. <Link to={`/workspaces/${encodeURIComponent(workspaceId)}/commitments`}>Your commitments</Link>
            </p>
          ) : itemChoices.length === 0 ? (
            <p className="muted">No item in force binds you yet, so it cannot be a commitment.</p>
          ) : (
            <form
              className="repair__form"
              onSubmit={(event) => {
                event.preventDefault();
                commit.mutate();
              }}
            >
              <SelectField label="Or make it a commitment on" value={itemChoice || itemChoices[0]!.value} onChange={(e) => setItemChoice(e.target.value)}>
                {itemChoices.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </SelectField>
              <div>
                <Button type="submit" disabled={blocked} busy={commit.isPending} busyLabel="Saving…">
                  Make it a commitment
                </Button>
              </div>
              {commit.isError && (
                <p className="field__error" role="alert">
                  {errorMessage(commit.error)}
                </p>
              )}
            </form>
          )}
        </>
      )}
    </section>
  );
}
