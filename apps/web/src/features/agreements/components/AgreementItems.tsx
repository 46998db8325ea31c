import type { AgreementItem } from '@kinship/domain/agreements';
import '../agreements.css';

export interface PeopleNames {
  /** A partner's name by account id, for "binds". */
  nameOf: (accountId: string) => string | undefined;
}

export function bindsLabel(binds: string, people: PeopleNames): string {
  if (binds === 'both') return 'Binds both of you';
  return `Binds ${people.nameOf(binds) ?? 'one partner'}`;
}

/** An agreement's items, numbered, read-only: a version in force or a draft as it stands. */
export function AgreementItems({ items, people, label }: { items: AgreementItem[]; people: PeopleNames; label: string }) {
  if (items.length === 0) return <p className="agreement-items__empty">No items yet.</p>;
  return (
    <ol className="agreement-items" aria-label={label}>
      {items.map((item, index) => (
        <li key={item.id} className={['agreement-item', item.status === 'retired' ? 'agreement-item--retired' : ''].filter(Boolean).join(' ')}>
          <h3 className="agreement-item__title">
            <span className="agreement-item__number">{index + 1}.</span> {item.title || 'Untitled item'}
            {item.status === 'retired' && <span className="agreement-item__status"> (retired)</span>}
          </h3>
          {item.text.split('\n').map((line, i) => (
            <p key={i}>{line}</p>
          ))}
          <p className="agreement-item__binds">{bindsLabel(item.binds, people)}</p>
        </li>
      ))}
    </ol>
  );
}
