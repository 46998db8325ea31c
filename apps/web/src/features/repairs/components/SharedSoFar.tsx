import type { RepairView } from '@kinship/domain/wire';
import { FEELING_WORDS } from './RepairStepPanel';

/** What the two have shared so far, step by step (the other's entry shows once both have written theirs). */
export function SharedSoFar({ repair, me }: { repair: RepairView; me: string }) {
  const who = (id: string) => (id === me ? 'You' : (repair.partners.find((p) => p.accountId === id)?.name ?? 'Your partner'));
  const rows = (entries: Record<string, string>) =>
    repair.partners
      .filter((p) => p.accountId in entries)
      .map((p) => (
        <li key={p.accountId}>
          <span className="repair__who">{who(p.accountId)}:</span> {entries[p.accountId]}
        </li>
      ));
  const feelings = Object.fromEntries(Object.entries(repair.feelings).map(([id, fs]) => [id, fs.map((f) => FEELING_WORDS[f]).join(', ')]));
  const sections: [string, React.ReactNode[]][] = [
    ['What we felt', rows(feelings)],
    [
      'Our views',
      repair.views.rounds
        .filter((r) => r.telling)
        .map((r) => (
          <li key={r.teller}>
            <span className="repair__who">{who(r.teller)}:</span> {r.telling}
            {r.restatements.map((s, i) => (
              <p key={i} className="repair__restated">
                Said back{r.restatements.length > 1 ? ` (${i + 1})` : ''}: {s}
                {i < r.restatements.length - 1 || !r.heard ? '' : ' — heard'}
              </p>
            ))}
          </li>
        )),
    ],
    ['What set us off', rows(repair.triggers)],
    ['What we own', rows(repair.owns)],
    ['One thing we will do differently', rows(repair.differently)],
  ];
  const shown = sections.filter(([, items]) => items.length > 0);
  if (shown.length === 0 && repair.apologies.length === 0) return null;
  return (
    <section className="card" aria-labelledby="shared-title">
      <h2 id="shared-title" className="card__title">
        What you have shared
      </h2>
      {shown.map(([title, items]) => (
        <div key={title} className="repair__shared">
          <h3>{title}</h3>
          <ul>{items}</ul>
        </div>
      ))}
      {repair.apologies.map((a, i) => (
        <div key={i} className="repair__shared repair__apology">
          <h3>An apology from {who(a.from) === 'You' ? 'you' : who(a.from)}</h3>
          <p>
            <span className="repair__who">What I did:</span> {a.did}
          </p>
          <p>
            <span className="repair__who">What it did to you:</span> {a.impact}
          </p>
          <p>
            <span className="repair__who">What I will do:</span> {a.will}
          </p>
          <p>
            <span className="repair__who">How you will see it:</span> {a.see}
          </p>
        </div>
      ))}
    </section>
  );
}
