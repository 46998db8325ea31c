import type { AgreementDiff, WordSegment } from '@kinship/domain/agreements';
import type { PeopleNames } from './AgreementItems';
import { bindsLabel } from './AgreementItems';
import '../agreements.css';

/** Changed words, marked by more than colour: inserted text underlined, deleted struck through, each named for screen readers. */
function Words({ segments }: { segments: WordSegment[] }) {
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

const untitled = (title: string) => title || 'Untitled item';

/**
 * A readable diff of two agreements: items added, removed, changed (the changed words marked, who
 * it binds and its status before and after) and moved, each named by its number and title.
 */
export function AgreementDiffView({ diff, people }: { diff: AgreementDiff; people: PeopleNames }) {
  if (diff.unchanged) return <p className="agreement-diff__none">No changes.</p>;
  return (
    <ul className="agreement-diff">
      {diff.added.map(({ item, number }) => (
        <li key={`a${item.id}`} className="agreement-diff__entry">
          <strong>Item {number} added:</strong>{' '}
          <ins className="diff-added">
            <span className="visually-hidden">added: </span>
            {untitled(item.title)}
          </ins>
          {item.text && (
            <p>
              <ins className="diff-added">
                <span className="visually-hidden">added: </span>
                {item.text}
              </ins>
            </p>
          )}
        </li>
      ))}
      {diff.removed.map(({ item, number }) => (
        <li key={`r${item.id}`} className="agreement-diff__entry">
          <strong>Item {number} removed:</strong>{' '}
          <del className="diff-removed">
            <span className="visually-hidden">removed: </span>
            {untitled(item.title)}
          </del>
        </li>
      ))}
      {diff.changed.map((change) => (
        <li key={`c${change.id}`} className="agreement-diff__entry">
          <strong>Changed:</strong> {change.title ? <Words segments={change.title} /> : untitled(change.after.title)}
          {change.text && (
            <p>
              <Words segments={change.text} />
            </p>
          )}
          {change.binds && (
            <p>
              Was “{bindsLabel(change.binds.before, people)}”, now “{bindsLabel(change.binds.after, people)}”.
            </p>
          )}
          {change.status && (
            <p>
              Was {change.status.before}, now {change.status.after}.
            </p>
          )}
        </li>
      ))}
      {diff.moved.map((move) => (
        <li key={`m${move.id}`} className="agreement-diff__entry">
          <strong>Moved:</strong> {untitled(move.item.title)} — from number {move.from} to {move.to}
        </li>
      ))}
    </ul>
  );
}
