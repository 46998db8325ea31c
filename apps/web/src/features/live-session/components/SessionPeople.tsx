import { useQuery } from '@tanstack/react-query';
import { Avatar } from '../../../ui/Avatar';
import { documentsQuery } from '../../documents/queries';
import { useLiveSession } from '../live-session-context';
import { whereabouts } from '../live-state';
import './session-people.css';

const ROLE_LABEL = { counselor: 'Counselor', partner: 'Partner' } as const;

/**
 * Everyone in the workspace, as the live session sees them: connected or not, on which document,
 * active or idle. When this tab's own link is down it says so instead of claiming anyone is here.
 */
export function SessionPeople({ compact = false }: { compact?: boolean }) {
  const live = useLiveSession();
  const { data: documents } = useQuery({ ...documentsQuery(live?.state.workspaceId ?? ''), enabled: live !== null });
  if (!live) return null;
  const { state, me } = live;
  const stale = state.link !== 'connected';
  const titleOf = (id: string) => documents?.find((d) => d.id === id)?.title;
  const people = [...state.people].sort((a, b) =>
    a.accountId === me.accountId ? -1 : b.accountId === me.accountId ? 1 : a.role !== b.role ? (a.role === 'counselor' ? -1 : 1) : a.name.localeCompare(b.name),
  );
  return (
    <section className={`session-people${stale ? ' session-people--stale' : ''}${compact ? ' session-people--compact' : ''}`} aria-labelledby="session-people-title">
      <h2 id="session-people-title" className="session-people__title">
        {stale ? 'Reconnecting — who is here is not known right now' : 'In the session'}
      </h2>
      <ul className="session-people__list wrap-list">
        {people.map((person) => {
          const state = !person.connected || stale ? 'away' : person.activity;
          return (
            <li key={person.accountId} className="session-person" data-account-id={person.accountId} data-presence={state}>
              <Avatar name={person.name} colorKey={person.accountId} color={person.color} size="small" />
              <span className="session-person__text">
                <span className="session-person__name">
                  {person.accountId === me.accountId ? `${person.name} (you)` : person.name}
                  <span className="session-person__role"> · {ROLE_LABEL[person.role]}</span>
                </span>
                <span className="session-person__where">
                  <span className={`presence-dot presence-dot--${state}`} aria-hidden="true" />
                  {whereabouts(person, titleOf, live.documentId)}
                </span>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
