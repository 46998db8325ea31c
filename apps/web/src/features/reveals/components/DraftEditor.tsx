import { useMemo, useState } from 'react';
import { colorFromId } from '@kinship/domain/rules';
import type { AccountView, PresenceIdentity } from '@kinship/domain/wire';
import { loginEnded } from '../../auth/api';
import { CollaborativeEditor } from '../../editor/components/CollaborativeEditor';
import { SaveStatus } from '../../editor/components/SaveStatus';
import { useDocumentConnection } from '../../editor/hooks/useDocumentConnection';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';

/**
 * A partner's own draft: a live document only they may open until the reveal (the server refuses
 * anyone else as if it did not exist). Edits are saved as they are typed ("All changes saved"); it
 * never says where this tab is to anyone (the page is the workspace's, no document).
 */
export function DraftEditor({ account, documentId, prompt, onRefused }: { account: AccountView; documentId: string; prompt: string; onRefused: () => Promise<void> }) {
  const user = useMemo<PresenceIdentity>(() => ({ name: account.displayName, color: colorFromId(account.id), role: 'partner', accountId: account.id }), [account.displayName, account.id]);
  const [refused, setRefused] = useState(false);
  const { connection, notAvailable } = useDocumentConnection({
    documentId,
    user,
    permissionKey: refused ? 'read-only' : 'open',
    onLoginEnded: () => void loginEnded(),
    // Revealed or withdrawn meanwhile: the change is taken back and the page reads the prompt again.
    onEditsRefused: async () => {
      setRefused(true);
      await onRefused();
    },
  });
  if (notAvailable) return <Notice tone="error">This draft cannot be opened now.</Notice>;
  if (!connection) return <Loading label="Opening your draft…" />;
  return (
    <div className="reveal-draft">
      <div className="reveal-draft__status">
        <span className="reveal-draft__label">{refused ? 'Your draft' : 'Your draft: only you can read it'}</span>
        <SaveStatus tracker={connection.saves} readOnly={refused} />
      </div>
      {refused && <Notice tone="info" live>Your last change wasn’t saved: this draft can’t be edited now.</Notice>}
      <CollaborativeEditor connection={connection} user={user} editable={!refused} title={`Your draft: ${prompt}`} kind="draft" documentId={documentId} />
    </div>
  );
}
