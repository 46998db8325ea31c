import { useState } from 'react';
import type { InviteCreated } from '@kinship/domain';
import { ApiError, errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { CopyField } from '../../../ui/CopyField';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { formatDateTime } from '../../../ui/format';
import { createPartnerInvite } from '../api';

/** The invite link a partner opens. Built on this site's address, where the person will land. */
export function inviteLink(token: string): string {
  return new URL(`/invite/${encodeURIComponent(token)}`, window.location.origin).href;
}

export interface InvitePartnerPanelProps {
  workspaceId: string;
  openPartnerPlaces: number;
}

/** For the counselor: make a single-use link for each partner, and copy it. */
export function InvitePartnerPanel({ workspaceId, openPartnerPlaces }: InvitePartnerPanelProps) {
  const [invites, setInvites] = useState<InviteCreated[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canMakeMore = openPartnerPlaces - invites.length > 0;

  async function create() {
    setBusy(true);
    setError(null);
    try {
      const invite = await createPartnerInvite(workspaceId);
      setInvites((list) => [...list, invite]);
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 409
          ? 'Both partner places are taken, so no more invites can be made for this workspace.'
          : errorMessage(e),
      );
    } finally {
      setBusy(false);
    }
  }

  if (openPartnerPlaces === 0) {
    return (
      <section className="card invite-panel" aria-labelledby="invite-title">
        <h2 id="invite-title" className="card__title">
          Invite partners
        </h2>
        <p className="muted">Both partners have joined this workspace.</p>
      </section>
    );
  }

  return (
    <section className="card invite-panel" aria-labelledby="invite-title">
      <h2 id="invite-title" className="card__title">
        Invite partners
      </h2>
      <p className="muted">
        Each link works once, for one partner. Send it privately, for example by text message or email.{' '}
        {openPartnerPlaces === 1 ? 'One partner place is open.' : `${openPartnerPlaces} partner places are open.`}
      </p>
      {invites.map((invite, index) => (
        <CopyField
          key={invite.token}
          label={invites.length > 1 ? `Invite link ${index + 1}` : 'Invite link'}
          value={inviteLink(invite.token)}
          copyLabel="Copy link"
          hint={`Works until ${formatDateTime(invite.expiresAt)}.`}
        />
      ))}
      <ErrorNotice message={error} />
      {canMakeMore && (
        <Button variant={invites.length === 0 ? 'primary' : 'secondary'} onClick={create} busy={busy} busyLabel="Making a link…">
          {invites.length === 0 ? 'Create an invite link' : 'Create a link for the other partner'}
        </Button>
      )}
    </section>
  );
}
