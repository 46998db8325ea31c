import type { MemberView } from '@kinship/domain';
import { Avatar } from '../../../ui/Avatar';

const ROLE_LABEL = { counselor: 'Counselor', partner: 'Partner' } as const;

export function MembersList({ members, myAccountId }: { members: MemberView[]; myAccountId: string }) {
  const sorted = [...members].sort((a, b) =>
    a.role === b.role ? a.displayName.localeCompare(b.displayName) : a.role === 'counselor' ? -1 : 1,
  );
  return (
    <ul className="members">
      {sorted.map((member) => (
        <li key={member.accountId} className="members__item">
          <Avatar name={member.displayName} colorKey={member.accountId} size="small" />
          <span className="members__name">
            {member.displayName}
            {member.accountId === myAccountId && ' (you)'}
          </span>
          <span className="members__role">{ROLE_LABEL[member.role]}</span>
        </li>
      ))}
    </ul>
  );
}
