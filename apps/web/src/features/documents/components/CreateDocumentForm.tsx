import { useState, type FormEvent } from 'react';
import { DOCUMENT_KIND_INFO, type DocumentKind } from '@kinship/domain/rules';
import { CreateDocumentBody, type DocumentView } from '@kinship/domain/wire';
import { AGREEMENT_TEMPLATES } from '@kinship/domain/agreements';
import { useFormErrors } from '../../../shared/forms';
import { Button } from '../../../ui/Button';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { SelectField } from '../../../ui/SelectField';
import { TextField } from '../../../ui/TextField';
import { rememberAgreementTemplate } from '../../editor/agreement-items/pending-template';
import { createDocument } from '../api';
import { KIND_SINGULAR } from '../kind-labels';
import './documents.css';

const LABELS = { title: 'Title', kind: 'Kind' };

export interface CreateDocumentFormProps {
  workspaceId: string;
  kinds: DocumentKind[];
  initialKind: DocumentKind;
  onCreated: (document: DocumentView) => void;
  onCancel: () => void;
}

export function CreateDocumentForm({ workspaceId, kinds, initialKind, onCreated, onCancel }: CreateDocumentFormProps) {
  const [kind, setKind] = useState<DocumentKind>(initialKind);
  const [title, setTitle] = useState('');
  const [templateId, setTemplateId] = useState<string>(AGREEMENT_TEMPLATES[0]!.id);
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(LABELS);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(CreateDocumentBody, { kind, title });
    if (!body) return;
    setBusy(true);
    try {
      const created = await createDocument(workspaceId, body);
      // The new agreement's items are written by this client once its document is synced.
      if (created.kind === 'agreement') rememberAgreementTemplate(created.id, templateId);
      onCreated(created);
    } catch (error) {
      form.fail(error);
      setBusy(false);
    }
  }

  return (
    <form className="card form create-document" onSubmit={submit} noValidate aria-labelledby="create-document-title">
      <h3 id="create-document-title" className="card__title">
        New document
      </h3>
      <fieldset className="choice-group">
        <legend className="field__label">What kind of document?</legend>
        {kinds.map((k) => (
          <label key={k} className="choice">
            <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
            <span>
              <span className="choice__label">{KIND_SINGULAR[k].charAt(0).toUpperCase() + KIND_SINGULAR[k].slice(1)}</span>
              <span className="choice__hint">{DOCUMENT_KIND_INFO[k].purpose}</span>
            </span>
          </label>
        ))}
        {form.fieldErrors.kind && <p className="field__error">{form.fieldErrors.kind}</p>}
      </fieldset>
      {kind === 'agreement' && (
        <SelectField
          label="Start from"
          value={templateId}
          onChange={(event) => setTemplateId(event.target.value)}
          hint={AGREEMENT_TEMPLATES.find((template) => template.id === templateId)?.description}
        >
          {AGREEMENT_TEMPLATES.map((template) => (
            <option key={template.id} value={template.id}>
              {template.name}
            </option>
          ))}
        </SelectField>
      )}
      <TextField
        label={LABELS.title}
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        error={form.fieldErrors.title}
        placeholder={kind === 'agreement' ? 'e.g. Phone and privacy boundaries' : kind === 'notes' ? 'e.g. How we pause an argument' : 'e.g. Session 3'}
        autoFocus
        maxLength={200}
      />
      <ErrorNotice message={form.formError} />
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={busy} busyLabel="Creating…">
          Create {KIND_SINGULAR[kind]}
        </Button>
        <Button variant="quiet" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
