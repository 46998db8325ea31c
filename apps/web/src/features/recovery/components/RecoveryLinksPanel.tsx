import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { can, type Role } from '@kinship/domain/rules';
import type { MemberView, RecoveryLinkCreated, RecoveryLinkView } from '@kinship/domain/wire';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { CopyField } from '../../../ui/CopyField';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { formatDateTime } from '../../../ui/format';
import { issueRecoveryLink, withdrawRecoveryLink } from '../api';
import { recoveryLinkUrl, recoveryKeys, recoveryLinksQuery } from '../queries';
import '../recovery.css';

export interface RecoveryLinksPanelProps {
  workspaceId: string;
  members: MemberView[];
  myAccountId: string;
  myRole: Role;
}

/**
 * For the counselor, in the People card: a one-time link for a partner who forgot their password
 * (they set a new one; the counselor never sees it), the links waiting to be used with their
 * expiry, and withdrawing one. A link is shown only when it is made.
 */
export function RecoveryLinksPanel({ workspaceId, members, myAccountId, myRole }: RecoveryLinksPanelProps) {
  const queryClient = useQueryClient();
  const mayIssue = (member: MemberView) => can({ role: myRole }, { type: 'account.recovery-link', member: { role: member.role, self: member.accountId === myAccountId } });
  const partners = members.filter(mayIssue);
  const pending = useQuery({ ...recoveryLinksQuery(workspaceId), enabled: partners.length > 0 });
  const [made, setMade] = useState<Record<string, RecoveryLinkCreated>>({});
  const [confirming, setConfirming] = useState<RecoveryLinkView | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: recoveryKeys.links(workspaceId) });

  const issue = useMutation({
    mutationFn: (member: MemberView) => issueRecoveryLink(workspaceId, member.accountId),
    onSuccess: (link) => {
      setMade((all) => ({ ...all, [link.id]: link }));
      setAnnouncement(`Recovery link made for ${link.partnerName}. It is in the field with the focus: copy it and give it to them privately.`);
      void refresh();
    },
  });
  const withdraw = useMutation({
    mutationFn: (link: RecoveryLinkView) => withdrawRecoveryLink(workspaceId, link.id),
    onSuccess: (_r, link) => {
      setConfirming(null);
      setAnnouncement(`The recovery link for ${link.partnerName} is withdrawn: it no longer works.`);
      headingRef.current?.focus();
      void refresh();
    },
  });

  if (partners.length === 0) return null;
  const links = pending.data ?? [];
  return (
    <div className="recovery-links-panel">
      <h3 className="invite-panel__subtitle" ref={headingRef} tabIndex={-1} id="recovery-links-title">
        Forgotten passwords
      </h3>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <p className="muted">
        A partner who forgot their password can set a new one with a one-time link from you. It works once, for a few hours. You never
        see their password. Give it to them yourself, for example in session.
      </p>
      {links.length > 0 && (
        <ul className="recovery-links" aria-labelledby="recovery-links-title">
          {links.map((link) => (
            <li key={link.id} className="recovery-link" data-recovery-link-id={link.id}>
              <p className="recovery-link__for">For {link.partnerName}</p>
              <p className="recovery-link__until">Works once, until {formatDateTime(link.expiresAt)}</p>
              {made[link.id] ? (
                <CopyField label={`Recovery link for ${link.partnerName}`} value={recoveryLinkUrl(made[link.id]!.url)} copyLabel="Copy link" focusOnMount />
              ) : (
                <p className="field__hint">The link is shown only when it is made. If it was lost, withdraw it and make a new one.</p>
              )}
              <Button
                size="small"
                variant="quiet"
                aria-label={`Withdraw the recovery link for ${link.partnerName}`}
                onClick={() => {
                  withdraw.reset();
                  setConfirming(link);
                }}
              >
                Withdraw
              </Button>
            </li>
          ))}
        </ul>
      )}
      {pending.error && <p className="field__hint">{`The recovery links could not be listed just now. ${errorMessage(pending.error)}`}</p>}
      <div className="recovery-links__issue">
        {partners.map((member) => (
          <Button
            key={member.accountId}
            size="small"
            busy={issue.isPending && issue.variables?.accountId === member.accountId}
            busyLabel="Making a link…"
            onClick={() => issue.mutate(member)}
          >
            {`Recovery link for ${member.displayName}`}
          </Button>
        ))}
      </div>
      <ErrorNotice message={issue.error ? errorMessage(issue.error) : null} />
      <ConfirmDialog
        open={confirming !== null}
        title={`Withdraw the recovery link for ${confirming?.partnerName ?? ''}?`}
        confirmLabel="Withdraw link"
        cancelLabel="Keep it"
        onConfirm={() => confirming && withdraw.mutate(confirming)}
        onCancel={() => setConfirming(null)}
        busy={withdraw.isPending}
        busyLabel="Withdrawing…"
      >
        <p>It stops working at once. You can make a new one afterwards.</p>
        <ErrorNotice message={withdraw.error ? errorMessage(withdraw.error) : null} />
      </ConfirmDialog>
    </div>
  );
}
