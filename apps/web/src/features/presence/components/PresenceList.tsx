import { useEffect, useState } from 'react';
import { Avatar } from '../../../ui/Avatar';
import type { PresenceView } from '../presence';
import './presence.css';

const ROLE_LABEL = { counselor: 'Counselor', partner: 'Partner' } as const;

function since(at: number, now: number): string {
  const minutes = Math.floor((now - at) / 60_000);
  if (minutes < 1) return 'a moment ago';
  if (minutes === 1) return 'a minute ago';
  if (minutes < 60) return `${minutes} minutes ago`;
  return 'over an hour ago';
}

/** The time now, moving on every half minute while asked for. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

/**
 * Who is here now: avatars with names and roles, me first. Offline, it cannot know: it says so,
 * and shows whom it saw last, greyed, as last seen.
 */
export function PresenceList({ view }: { view: PresenceView }) {
  const now = Math.max(useNow(!view.live), view.lastSeenAt ?? 0);
  const title = view.live
    ? 'Here now'
    : view.lastSeenAt !== null && view.people.some((p) => !p.self)
      ? `Offline — last seen here ${since(view.lastSeenAt, now)}`
      : 'Offline';
  return (
    <section className={`presence${view.live ? '' : ' presence--stale'}`} aria-labelledby="presence-title">
      <h2 id="presence-title" className="presence__title">
        {title}
      </h2>
      <ul className="presence__list wrap-list">
        {view.people.map((person) => (
          <li key={person.accountId} className="presence__person" data-account-id={person.accountId}>
            <Avatar
              name={person.name}
              colorKey={person.accountId}
              color={person.color}
              size="small"
              active={view.live && person.typing}
            />
            <span className="presence__name">
              {person.self ? `${person.name} (you)` : person.name}
              {person.role && <span className="presence__role">{ROLE_LABEL[person.role]}</span>}
            </span>
          </li>
        ))}
      </ul>
      {!view.live && (
        <p className="presence__note">You're offline, so Kinship can't tell who is here until you're back online.</p>
      )}
    </section>
  );
}
