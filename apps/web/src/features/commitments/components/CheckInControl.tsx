import { useId, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { COMMITMENT_OUTCOME_LABELS, COMMITMENT_OUTCOMES, type CommitmentOutcome } from '@kinship/domain/rules';
import type { CommitmentCheckInView } from '@kinship/domain/wire';
import { Button } from '../../../ui/Button';
import { TextAreaField } from '../../../ui/TextAreaField';
import { errorMessage } from '../../../shared/http';
import { checkIn } from '../api';
import { commitmentKeys } from '../queries';

/** Kept, partly or not this time, and an optional note, for the period now; changed as often as needed within it. */
export function CheckInControl(props: { workspaceId: string; commitmentId: string; period: string; periodLabel: string; current: CommitmentCheckInView | undefined }) {
  const { workspaceId, commitmentId, period, periodLabel, current } = props;
  const name = useId();
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<CommitmentOutcome | null>(current?.outcome ?? null);
  const [note, setNote] = useState(current?.note ?? '');
  const save = useMutation({
    mutationFn: () => checkIn(commitmentId, period, note.trim() ? { outcome: outcome!, note } : { outcome: outcome! }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: commitmentKeys.week(workspaceId) }),
  });
  return (
    <form
      className="check-in"
      onSubmit={(event) => {
        event.preventDefault();
        if (outcome) save.mutate();
      }}
    >
      <fieldset className="check-in__choices">
        <legend>How did it go {periodLabel}?</legend>
        {COMMITMENT_OUTCOMES.map((o) => (
          <label key={o} className="check-in__choice">
            <input type="radio" name={name} value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
            {COMMITMENT_OUTCOME_LABELS[o]}
          </label>
        ))}
      </fieldset>
      <TextAreaField label="A note for you and your counselor (optional)" value={note} rows={2} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      <div className="check-in__actions">
        <Button type="submit" variant="primary" disabled={!outcome} busy={save.isPending} busyLabel="Saving…">
          {current ? 'Save changes' : 'Save check-in'}
        </Button>
        <span role="status" className="muted">
          {save.isSuccess && !save.isPending ? 'Saved. Only you and your counselor see it.' : ''}
        </span>
      </div>
      {save.isError && <p className="field__error">{errorMessage(save.error)}</p>}
    </form>
  );
}
