import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { archiveNeedsBothPartners, can, type Role } from '@kinship/domain/rules';
import { type DocumentView } from '@kinship/domain/wire';
import { agreementQuery } from '../../agreements/queries';
import { Button } from '../../../ui/Button';
import { formatDate } from '../../../ui/format';
import { ArchiveButton } from './ArchiveButton';
import { RenameDocumentForm } from './RenameDocumentForm';
import type { DocumentActivity } from '../api';
import { describeActivity } from './DocumentActivityLine';
import './documents.css';

export interface DocumentRowProps {
  document: DocumentView;
  role: Role;
  /** Who last renamed, archived or restored it, if anyone. */
  activity?: DocumentActivity;
  onChanged: (document: DocumentView) => void;
}

/** One document in the list: open it, rename it, archive it or restore it. */
export function DocumentRow({ document, role, activity, onChanged }: DocumentRowProps) {
  const [renaming, setRenaming] = useState(false);
  const mayRename = can({ role }, { type: 'document.rename', document });
  const sealed = useSealed(document, role);
  const mayArchive = can({ role }, { type: 'document.archive', document }) && !needsBothPartners(sealed, document);

  const href = `/workspaces/${document.workspaceId}/documents/${document.id}`;
  return (
    <li className="document-row" data-document-id={document.id}>
      {renaming ? (
        <RenameDocumentForm
          document={document}
          label={`New title for “${document.title}”`}
          fieldName="New title"
          className="document-row__rename"
          onRenamed={(updated) => {
            onChanged(updated);
            setRenaming(false);
          }}
          onCancel={() => setRenaming(false)}
        />
      ) : (
        <>
          <div className="document-row__main">
            <Link to={href} className="document-row__title">
              {document.title}
            </Link>
            <span className="document-row__meta">
              {document.archived ? 'Archived' : 'Updated'} {formatDate(document.updatedAt)}
            </span>
            {activity && <span className="document-row__activity">{describeActivity(activity)}</span>}
          </div>
          <div className="document-row__actions">
            {!document.archived && mayRename && (
              <Button size="small" variant="quiet" onClick={() => setRenaming(true)} aria-label={`Rename “${document.title}”`}>
                Rename
              </Button>
            )}
            {mayArchive && <ArchiveButton document={document} place="row" onChanged={onChanged} />}
          </div>
        </>
      )}
    </li>
  );
}

/**
 * Whether an agreement's content is sealed (a version in force, or its draft asked to be
 * accepted), read once from its agreement; undefined until known, and for other kinds false.
 */
function useSealed(document: DocumentView, role: Role): boolean | undefined {
  const agreement = document.kind === 'agreement' && !document.archived && can({ role }, { type: 'document.archive', document });
  const { data } = useQuery({ ...agreementQuery(document.id), enabled: agreement, refetchInterval: false });
  if (!agreement) return false;
  return data?.sealed;
}

/**
 * An agreement in force is archived only by both partners (one asks, the other confirms, on its
 * page): the list never offers it one click that would be refused. Until that is known, nothing is offered.
 */
function needsBothPartners(sealed: boolean | undefined, document: DocumentView): boolean {
  return sealed === undefined || archiveNeedsBothPartners({ ...document, sealed });
}
