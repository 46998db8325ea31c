import { can, type Role } from '@kinship/domain/rules';
import { type DocumentView } from '@kinship/domain/wire';
import { Notice } from '../../../ui/Notice';
import { ArchiveButton } from './ArchiveButton';

/** On an archived document's page: why it cannot be changed, and (for whoever may) a way back. */
export function ArchivedNotice({
  document,
  role,
  onChanged,
}: {
  document: DocumentView;
  role: Role;
  onChanged: (document: DocumentView) => void;
}) {
  const mayRestore = can({ role }, { type: 'document.archive', document });
  return (
    // Said as it happens too: both partners agreeing to archive an agreement reaches an open page.
    <Notice tone="info" live title={document.kind === 'agreement' ? 'This agreement is archived' : 'This document is archived'}>
      <p>It is kept exactly as it was, so it can't be changed. {mayRestore && 'Restore it to work on it again.'}</p>
      {mayRestore && <ArchiveButton document={document} place="page" onChanged={onChanged} />}
    </Notice>
  );
}
