import { can, type Role } from '@kinship/domain/rules';
import { type MemberView } from '@kinship/domain/wire';
import { Avatar } from '../../../ui/Avatar';
import { RemoveMemberButton } from './MembershipControls';
import '../workspaces.css';

const ROLE_LABEL = { counselor: 'Counselor', partner: 'Partner' } as const;

export interface MembersListProps {
  members: MemberView[];
  myAccountId: string;
  /** With both, the counselor sees "Remove" beside each partner. */
  workspaceId?: string;
  myRole?: Role;
}

export function MembersList({ members, myAccountId, workspaceId, myRole }: MembersListProps) {
  const sorted = [...members].sort((a, b) =>
    a.role === b.role ? a.displayName.localeCompare(b.displayName) : a.role === 'counselor' ? -1 : 1,
  );
  const mayRemove = (member: MemberView) =>
    workspaceId !== undefined &&
    myRole !== undefined &&
    can({ role: myRole }, { type: 'workspace.member.remove', member: { role: member.role, self: member.accountId === myAccountId } });
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
          {mayRemove(member) && <RemoveMemberButton workspaceId={workspaceId!} member={member} />}
        </li>
      ))}
    </ul>
  );
}
