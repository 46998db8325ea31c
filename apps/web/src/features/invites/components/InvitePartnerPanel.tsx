import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { CreateInviteBody, type InviteCreated, type PendingInviteView } from '@kinship/domain/wire';
import { workspaceKeys } from '../../workspaces/queries';
import { useFormErrors } from '../../../shared/forms';
import { ApiError, errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { CopyField } from '../../../ui/CopyField';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { formatDateTime } from '../../../ui/format';
import { TextField } from '../../../ui/TextField';
import { createPartnerInvite, withdrawInvite } from '../api';
import { inviteKeys, pendingInvitesQuery } from '../queries';
import './invites.css';

/** The invite link a partner opens. Built on this site's address, where the person will land. */
export function inviteLink(token: string): string {
  return new URL(`/invite/${encodeURIComponent(token)}`, window.location.origin).href;
}

export interface InvitePartnerPanelProps {
  workspaceId: string;
  openPartnerPlaces: number;
}

/** A pending invite as shown: from the server's list, plus the link when it was made on this visit. */
interface ShownInvite {
  key: string;
  id: string | null;
  note: string | null;
  expiresAt: string;
  /** Only known right after making it: the server keeps no copy of the link. */
  token: string | null;
}

const LABELS = { note: 'For whom' };

function shownInvites(pending: PendingInviteView[] | undefined, made: InviteCreated[]): ShownInvite[] {
  const madeById = new Map(made.filter((m) => m.id).map((m) => [m.id, m]));
  const fromServer: ShownInvite[] = (pending ?? []).map((p) => ({
    key: p.id,
    id: p.id,
    note: p.note,
    expiresAt: p.expiresAt,
    token: madeById.get(p.id)?.token ?? null,
  }));
  const known = new Set(fromServer.map((s) => s.id));
  const notListedYet: ShownInvite[] = made
    .filter((m) => !m.id || !known.has(m.id))
    .map((m) => ({ key: m.id || m.token, id: m.id || null, note: m.note ?? null, expiresAt: m.expiresAt, token: m.token }));
  // Oldest first, so a link just made stays last (and keeps the focus) when the list is fetched again.
  return [...fromServer, ...notListedYet].sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
}

/**
 * For the counselor: the pending invites (for whom, until when), a single-use link for each
 * partner with an optional note saying for whom, and a way to withdraw a link. A link is shown
 * only when it is made; a lost one is withdrawn and made again.
 */
export function InvitePartnerPanel({ workspaceId, openPartnerPlaces }: InvitePartnerPanelProps) {
  const queryClient = useQueryClient();
  const pending = useQuery(pendingInvitesQuery(workspaceId));
  const [made, setMade] = useState<InviteCreated[]>([]);
  const [note, setNote] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [confirming, setConfirming] = useState<ShownInvite | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const form = useFormErrors(LABELS);

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: inviteKeys.pending(workspaceId) }),
      queryClient.invalidateQueries({ queryKey: workspaceKeys.detail(workspaceId) }),
    ]);

  const create = useMutation({
    mutationFn: (body: CreateInviteBody) => createPartnerInvite(workspaceId, body.note ?? null),
    onSuccess: (invite) => {
      setMade((list) => [...list, invite]);
      setNote('');
      setAnnouncement(
        `Invite link made${invite.note ? ` for ${invite.note}` : ''}. It is in the field with the focus: copy it and send it privately.`,
      );
      void refresh();
    },
    onError: (e) =>
      form.fail(e, { 409: 'Both partner places are taken, so no more invites can be made for this workspace.' }),
  });

  const withdraw = useMutation({
    mutationFn: (invite: ShownInvite) => withdrawInvite(workspaceId, invite.id!),
    onSuccess: (_result, invite) => {
      setMade((list) => list.filter((m) => m.id !== invite.id));
      setConfirming(null);
      setAnnouncement(`The invite${invite.note ? ` for ${invite.note}` : ''} is withdrawn: its link no longer works.`);
      headingRef.current?.focus();
      void refresh();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(CreateInviteBody, { role: 'partner', note });
    if (body) create.mutate(body);
  }

  const invites = shownInvites(pending.data, made);
  const canMakeMore = openPartnerPlaces - invites.length > 0;
  const withdrawError =
    withdraw.error instanceof ApiError && withdraw.error.status === 404
      ? 'This invite was already used, withdrawn or expired.'
      : withdraw.error
        ? errorMessage(withdraw.error)
        : null;

  return (
    <section className="card invite-panel" aria-labelledby="invite-title" id="invite-partners">
      <h2 id="invite-title" className="card__title" ref={headingRef} tabIndex={-1}>
        Invite partners
      </h2>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {openPartnerPlaces === 0 ? (
        <p className="muted">Both partners have joined this workspace.</p>
      ) : (
        <p className="muted">
          Each link works once, for one partner. Send it privately, for example by text message or email.{' '}
          {openPartnerPlaces === 1 ? 'One partner place is open.' : `${openPartnerPlaces} partner places are open.`}
        </p>
      )}
      {invites.length > 0 && (
        <>
          <h3 className="invite-panel__subtitle">Pending invites</h3>
          <ul className="pending-invites">
            {invites.map((invite) => (
              <li key={invite.key} className="pending-invite" data-invite-id={invite.id ?? undefined}>
                <p className="pending-invite__for">{invite.note ? `For ${invite.note}` : 'No note'}</p>
                <p className="pending-invite__until">Works until {formatDateTime(invite.expiresAt)}</p>
                {invite.token ? (
                  <CopyField
                    label={invite.note ? `Invite link for ${invite.note}` : 'Invite link'}
                    value={inviteLink(invite.token)}
                    copyLabel="Copy link"
                    focusOnMount
                  />
                ) : (
                  <p className="field__hint">The link is shown only when it is made. If it was lost, withdraw it and make a new one.</p>
                )}
                {invite.id && (
                  <Button
                    size="small"
                    variant="quiet"
                    onClick={() => {
                      withdraw.reset();
                      setConfirming(invite);
                    }}
                    aria-label={`Withdraw the invite${invite.note ? ` for ${invite.note}` : ''}`}
                  >
                    Withdraw
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {pending.error && openPartnerPlaces > 0 && (
        <p className="field__hint">{`The pending invites could not be listed just now. ${errorMessage(pending.error)}`}</p>
      )}
      {canMakeMore && (
        <form className="form invite-panel__form" onSubmit={submit} noValidate>
          <TextField
            label="For whom (optional)"
            hint="A name to tell your invites apart, like “Sam”. Only you see it."
            value={note}
            onChange={(event) => setNote(event.target.value)}
            error={form.fieldErrors.note}
            maxLength={80}
          />
          <ErrorNotice message={form.formError} />
          <Button type="submit" variant={invites.length === 0 ? 'primary' : 'secondary'} busy={create.isPending} busyLabel="Making a link…">
            {invites.length === 0 ? 'Create an invite link' : 'Create a link for the other partner'}
          </Button>
        </form>
      )}
      <ConfirmDialog
        open={confirming !== null}
        title={`Withdraw the invite${confirming?.note ? ` for ${confirming.note}` : ''}?`}
        confirmLabel="Withdraw invite"
        cancelLabel="Keep it"
        onConfirm={() => confirming && withdraw.mutate(confirming)}
        onCancel={() => setConfirming(null)}
        busy={withdraw.isPending}
        busyLabel="Withdrawing…"
      >
        <p>Its link stops working at once. You can make a new one afterwards.</p>
        <ErrorNotice message={withdrawError} />
      </ConfirmDialog>
    </section>
  );
}
