import { Avatar } from '../../../ui/Avatar';
import type { PresentPerson } from '../presence';

const ROLE_LABEL = { counselor: 'Counselor', partner: 'Partner' } as const;

/** Who is here now: avatars with names and roles, me first. */
export function PresenceList({ people }: { people: PresentPerson[] }) {
  return (
    <section className="presence" aria-labelledby="presence-title">
      <h2 id="presence-title" className="presence__title">
        Here now
      </h2>
      <ul className="presence__list">
        {people.map((person) => (
          <li key={person.accountId} className="presence__person" data-account-id={person.accountId}>
            <Avatar name={person.name} colorKey={person.accountId} color={person.color} size="small" active={person.typing} />
            <span className="presence__name">
              {person.self ? `${person.name} (you)` : person.name}
              {person.role && <span className="presence__role">{ROLE_LABEL[person.role]}</span>}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
