import type { AgreementDiff, AgreementItem } from '@kinship/domain';

type Segment = { kind: 'same' | 'added' | 'removed'; text: string };

/** Changed words, marked by more than colour: inserted and deleted text, each named for screen readers. */
function Words({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((s, i) =>
        s.kind === 'same' ? (
          <span key={i}>{s.text}</span>
        ) : s.kind === 'added' ? (
          <ins key={i} className="diff-added">
            <span className="visually-hidden">added: </span>
            {s.text}
          </ins>
        ) : (
          <del key={i} className="diff-removed">
            <span className="visually-hidden">removed: </span>
            {s.text}
          </del>
        ),
      )}
    </>
  );
}

const FIELD_NAMES: Record<string, string> = { title: 'title', text: 'text', binds: 'whom it binds', status: 'status' };

/**
 * A readable diff of two agreements: items added, removed, changed (with the changed words marked)
 * and moved, each named by its number and title.
 */
export function AgreementDiffView({ diff, items, before }: { diff: AgreementDiff; items: AgreementItem[]; before: AgreementItem[] }) {
  const numberOf = (id: string) => items.findIndex((i) => i.id === id) + 1;
  const titleOf = (id: string) => (items.find((i) => i.id === id) ?? before.find((i) => i.id === id))?.title || 'Untitled item';
  const changes = diff.changed as Array<{ id: string; fields: string[]; title?: Segment[]; text?: Segment[] }>;
  const nothing = diff.added.length + diff.removed.length + changes.length + diff.moved.length === 0;
  if (nothing) return <p className="agreement-diff__none">No changes to the version in force yet.</p>;
  return (
    <ul className="agreement-diff">
      {diff.added.map((item) => (
        <li key={`a${item.id}`} className="agreement-diff__entry">
          <strong>Added item {numberOf(item.id)}:</strong> {item.title || 'Untitled item'}
          {item.text && <p><ins className="diff-added"><span className="visually-hidden">added: </span>{item.text}</ins></p>}
        </li>
      ))}
      {diff.removed.map((item) => (
        <li key={`r${item.id}`} className="agreement-diff__entry">
          <strong>Removed:</strong> <del className="diff-removed"><span className="visually-hidden">removed: </span>{item.title || 'Untitled item'}</del>
        </li>
      ))}
      {changes.map((change) => (
        <li key={`c${change.id}`} className="agreement-diff__entry">
          <strong>
            Changed item {numberOf(change.id)} ({change.fields.map((f) => FIELD_NAMES[f] ?? f).join(', ')}):
          </strong>{' '}
          {change.title ? <Words segments={change.title} /> : titleOf(change.id)}
          {change.text && (
            <p>
              <Words segments={change.text} />
            </p>
          )}
        </li>
      ))}
      {diff.moved.map((move) => (
        <li key={`m${move.id}`} className="agreement-diff__entry">
          <strong>Moved:</strong> {titleOf(move.id)} — from {move.from} to {move.to}
        </li>
      ))}
    </ul>
  );
}
