import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { REPAIR_TEXT_MAX, type Apology } from '@kinship/domain/rules';
import type { RepairView } from '@kinship/domain/wire';
import { Button } from '../../../ui/Button';
import { TextAreaField } from '../../../ui/TextAreaField';
import { errorMessage } from '../../../shared/http';
import { saveApology } from '../api';
import { repairKeys } from '../queries';

const PARTS: { key: keyof Apology; label: string; hint: string }[] = [
  { key: 'did', label: 'What I did', hint: 'Plainly, without “but”.' },
  { key: 'impact', label: 'What it did to you', hint: 'As you understand it now.' },
  { key: 'will', label: 'What I will do', hint: 'Something you can keep.' },
  { key: 'see', label: 'How you will see it', hint: 'What will show them you are doing it.' },
];

/** The apology builder: a partner's own draft (theirs alone) until they choose to send it. */
export function ApologyBuilder({ workspaceId, repair, me, otherName }: { workspaceId: string; repair: RepairView; me: string; otherName: string }) {
  const queryClient = useQueryClient();
  const [parts, setParts] = useState<Apology>(() => repair.myApologyDraft ?? { did: '', impact: '', will: '', see: '' });
  const [saved, setSaved] = useState<'draft' | 'sent' | null>(null);
  const save = useMutation({
    mutationFn: (send: boolean) => saveApology(repair.id, { ...parts, send }),
    onSuccess: async (_view, send) => {
      setSaved(send ? 'sent' : 'draft');
      if (send) setParts({ did: '', impact: '', will: '', see: '' });
      await queryClient.invalidateQueries({ queryKey: repairKeys.workspace(workspaceId) });
    },
  });
  const complete = PARTS.every((p) => parts[p.key].trim().length > 0);
  const blocked = repair.breakUntil !== null || repair.paused !== null;
  const sentBefore = repair.apologies.some((a) => a.from === me);
  return (
    <section className="card" aria-labelledby="apology-title">
      <h2 id="apology-title" className="card__title">
        Build an apology
      </h2>
      <p className="muted">Only you see it until you send it to {otherName}.{sentBefore ? ' You have sent one already; you can send another.' : ''}</p>
      <form
        className="repair__form"
        onSubmit={(event) => {
          event.preventDefault();
          if (complete) save.mutate(true);
        }}
      >
        {PARTS.map((p) => (
          <TextAreaField
            key={p.key}
            label={p.label}
            hint={p.hint}
            rows={2}
            maxLength={REPAIR_TEXT_MAX}
            value={parts[p.key]}
            onChange={(e) => {
              setSaved(null);
              setParts((old) => ({ ...old, [p.key]: e.target.value }));
            }}
          />
        ))}
        <div className="repair__actions">
          <Button onClick={() => save.mutate(false)} disabled={!complete || blocked} busy={save.isPending && save.variables === false} busyLabel="Keeping…">
            Keep as my draft
          </Button>
          <Button type="submit" variant="primary" disabled={!complete || blocked} busy={save.isPending && save.variables === true} busyLabel="Sending…">
            Send to {otherName}
          </Button>
        </div>
        {blocked && <p className="muted">{repair.paused ? 'The repair is paused.' : 'You are on a break.'} Your words stay here until it ends.</p>}
        <p role="status" className="muted">
          {saved === 'draft' ? 'Kept as your draft. Only you can see it.' : saved === 'sent' ? `Sent to ${otherName}.` : ''}
        </p>
        {save.isError && (
          <p className="field__error" role="alert">
            {errorMessage(save.error)}
          </p>
        )}
      </form>
    </section>
  );
}
