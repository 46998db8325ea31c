import type { RevealedDraftView } from '@kinship/domain/wire';

/** Both drafts, side by side (stacked on a phone), each under its author's name. */
export function RevealedDrafts({ promptId, drafts, myAccountId }: { promptId: string; drafts: RevealedDraftView[]; myAccountId: string }) {
  return (
    <div className="reveal-side-by-side" role="group" aria-label="Both drafts, revealed together">
      {drafts.map((draft) => (
        <section key={draft.accountId} className="reveal-side-by-side__draft" aria-labelledby={`revealed-${promptId}-${draft.accountId}`}>
          <h4 id={`revealed-${promptId}-${draft.accountId}`} className="reveal-side-by-side__name">
            {draft.accountId === myAccountId ? `You (${draft.name})` : draft.name}
          </h4>
          {draft.paragraphs.length === 0 ? <p className="muted">(No words.)</p> : draft.paragraphs.map((text, i) => <p key={i}>{text}</p>)}
        </section>
      ))}
    </div>
  );
}
