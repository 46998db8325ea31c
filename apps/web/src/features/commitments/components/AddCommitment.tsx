import { useState } from 'react';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { can, COMMITMENT_TEXT_MAX } from '@kinship/domain/rules';
import { Button } from '../../../ui/Button';
import { SelectField } from '../../../ui/SelectField';
import { TextAreaField } from '../../../ui/TextAreaField';
import { errorMessage } from '../../../shared/http';
import { documentsQuery } from '../../documents/queries';
import { fetchAgreement } from '../../agreements/api';
import { makeCommitment } from '../api';
import { commitmentKeys } from '../queries';

/** A partner adds a commitment to an item of an agreement in force that binds them. */
export function AddCommitment({ workspaceId, myAccountId }: { workspaceId: string; myAccountId: string }) {
  const queryClient = useQueryClient();
  const { data: documents } = useQuery(documentsQuery(workspaceId));
  const agreementIds = (documents ?? []).filter((d) => d.kind === 'agreement' && !d.archived).map((d) => d.id);
  const agreements = useQueries({
    queries: agreementIds.map((id) => ({ queryKey: [...commitmentKeys.all, 'agreement', id], queryFn: () => fetchAgreement(id) })),
  });
  const choices = agreements.flatMap((q) => {
    const a = q.data;
    if (!a?.inForce) return [];
    return a.inForce.items.flatMap((item, index) =>
      can({ role: 'partner' }, { type: 'commitment.make', item, me: myAccountId })
        ? [{ value: `${a.documentId} ${item.id}`, label: `${a.title} — item ${index + 1}: ${item.title || 'Untitled'}` }]
        : [],
    );
  });
  const [choice, setChoice] = useState('');
  const [text, setText] = useState('');
  const add = useMutation({
    mutationFn: () => {
      const [agreementId, itemId] = (choice || choices[0]!.value).split(' ');
      return makeCommitment(workspaceId, { agreementId: agreementId!, itemId: itemId!, text });
    },
    onSuccess: async () => {
      setText('');
      await queryClient.invalidateQueries({ queryKey: commitmentKeys.workspace(workspaceId) });
    },
  });

  return (
    <section className="card" aria-labelledby="add-commitment-title">
      <h2 id="add-commitment-title" className="card__title">
        Add a commitment
      </h2>
      {choices.length === 0 ? (
        <p className="muted">When an agreement is in force, you can add what you will do for an item that binds you.</p>
      ) : (
        <form
          className="commitments__form"
          onSubmit={(event) => {
            event.preventDefault();
            if (text.trim()) add.mutate();
          }}
        >
          <SelectField label="For this item" value={choice || choices[0]!.value} onChange={(e) => setChoice(e.target.value)}>
            {choices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </SelectField>
          <TextAreaField
            label="I will…"
            hint="In your own words, something you can do: “I will say when I will be late, before it happens.”"
            value={text}
            rows={2}
            maxLength={COMMITMENT_TEXT_MAX}
            onChange={(e) => setText(e.target.value)}
          />
          <div>
            <Button type="submit" variant="primary" disabled={!text.trim()} busy={add.isPending} busyLabel="Adding…">
              Add commitment
            </Button>
          </div>
          {add.isError && <p className="field__error">{errorMessage(add.error)}</p>}
        </form>
      )}
    </section>
  );
}
