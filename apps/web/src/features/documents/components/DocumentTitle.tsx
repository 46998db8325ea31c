import { useState } from 'react';
import { can, DOCUMENT_KIND_INFO, type Role } from '@kinship/domain/rules';
import { type DocumentView } from '@kinship/domain/wire';
import { Button } from '../../../ui/Button';
import { LockIcon } from '../../../ui/icons';
import { KIND_SINGULAR } from '../kind-labels';
import { RenameDocumentForm } from './RenameDocumentForm';
import './document-title.css';

export interface DocumentTitleProps {
  document: DocumentView;
  role: Role;
  onChanged: (document: DocumentView) => void;
}

/** The document page's title block: its kind, private and archived badges, and the title (renamable). */
export function DocumentTitle({ document, role, onChanged }: DocumentTitleProps) {
  const info = DOCUMENT_KIND_INFO[document.kind];
  const kind = KIND_SINGULAR[document.kind];
  return (
    <div className="document-header__title">
      <p className="document-header__kind">
        {info.counselorOnly && <LockIcon />}
        {kind.charAt(0).toUpperCase() + kind.slice(1)}
        {info.counselorOnly && <span className="badge badge--private">Private</span>}
        {document.archived && <span className="badge">Archived</span>}
      </p>
      <TitleLine document={document} role={role} onChanged={onChanged} />
    </div>
  );
}

function TitleLine({ document, role, onChanged }: DocumentTitleProps) {
  const [editing, setEditing] = useState(false);
  const mayRename = can({ role }, { type: 'document.rename', document });

  if (editing) {
    return (
      <RenameDocumentForm
        document={document}
        label="Title"
        className="title-form"
        onRenamed={(updated) => {
          onChanged(updated);
          setEditing(false);
        }}
        onCancel={() => setEditing(false)}
      >
        <h1 id="document-title" className="visually-hidden">
          {document.title}
        </h1>
      </RenameDocumentForm>
    );
  }
  return (
    <div className="document-header__name">
      <h1 id="document-title">{document.title}</h1>
      {mayRename && (
        <Button size="small" variant="quiet" onClick={() => setEditing(true)} aria-label={`Rename “${document.title}”`}>
          Rename
        </Button>
      )}
    </div>
  );
}
