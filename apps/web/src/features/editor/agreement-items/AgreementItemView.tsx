import { useId, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { NodeViewContent, NodeViewWrapper, useEditorState, type ReactNodeViewProps } from '@tiptap/react';
import { AGREEMENT_ITEM_ATTRS, BINDS_BOTH } from '@kinship/domain/agreements';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { useAgreementEditor } from './agreement-context';
import { agreementItemAnchor } from './agreement-anchor';
import { itemNumberAt } from './agreement-nodes';
import './agreement-editor.css';

/**
 * One agreement item as a numbered card: its number, the editable title and text (ProseMirror's
 * content), and below them who it binds, whether it is retired, and a way to remove it.
 * Every change to the item's attributes is a ProseMirror transaction, so it syncs like typing.
 */
export function AgreementItemView({ node, editor, getPos, updateAttributes, deleteNode }: ReactNodeViewProps) {
  const { partners, myAccountId, editable } = useAgreementEditor();
  const number = useEditorState({ editor, selector: ({ editor: current }) => itemNumberAt(current, getPos()) });
  const [confirming, setConfirming] = useState(false);
  const bindsId = useId();
  const retiredId = useId();

  const binds = String(node.attrs[AGREEMENT_ITEM_ATTRS.binds] ?? BINDS_BOTH);
  const retired = node.attrs[AGREEMENT_ITEM_ATTRS.status] === 'retired';
  const title = node.firstChild?.textContent.trim() ?? '';
  const name = `Item ${number}`;
  function backToWriting(event: KeyboardEvent) {
    const pos = getPos();
    if (event.key !== 'Escape' || typeof pos !== 'number') return;
    event.preventDefault();
    // Inside the item (+1), inside its title (+1), after the title's text.
    editor.chain().setTextSelection(pos + 2 + (node.firstChild?.content.size ?? 0)).focus().run();
  }
  const knownBinds = binds === BINDS_BOTH || partners.some((partner) => partner.accountId === binds);

  return (
    <NodeViewWrapper
      className={['agreement-item', retired ? 'agreement-item--retired' : ''].filter(Boolean).join(' ')}
      id={number > 0 ? agreementItemAnchor(number) : undefined}
      data-item-number={number}
      role="group"
      aria-label={retired ? `${name} (retired)` : name}
    >
      <div className="agreement-item__number" contentEditable={false} aria-hidden="true">
        {number}
      </div>
      <div className="agreement-item__body">
        {retired && (
          <p className="agreement-item__retired-note" contentEditable={false}>
            Retired: kept on record, no longer binding.
          </p>
        )}
        <NodeViewContent className="agreement-item__content" />
        {/* Tab from the item's writing lands here; Escape goes back to the end of its title. */}
        <div className="agreement-item__controls" contentEditable={false} onKeyDown={backToWriting}>
          <div className="agreement-item__binds">
            <label htmlFor={bindsId}>Binds</label>
            <select
              id={bindsId}
              value={binds}
              disabled={!editable}
              aria-label={`${name} binds`}
              onChange={(event) => updateAttributes({ [AGREEMENT_ITEM_ATTRS.binds]: event.target.value })}
            >
              <option value={BINDS_BOTH}>Both partners</option>
              {partners.map((partner) => (
                <option key={partner.accountId} value={partner.accountId}>
                  {partner.displayName}
                  {partner.accountId === myAccountId ? ' (you)' : ''} only
                </option>
              ))}
              {!knownBinds && <option value={binds}>Someone no longer in the workspace</option>}
            </select>
          </div>
          <label className="agreement-item__status" htmlFor={retiredId}>
            <input
              id={retiredId}
              type="checkbox"
              checked={retired}
              disabled={!editable}
              aria-label={`${name} retired`}
              onChange={(event) => updateAttributes({ [AGREEMENT_ITEM_ATTRS.status]: event.target.checked ? 'retired' : 'active' })}
            />
            Retired
          </label>
          {editable && (
            <Button size="small" variant="quiet" className="agreement-item__remove" aria-label={`Remove ${name.toLowerCase()}`} onClick={() => setConfirming(true)}>
              Remove
            </Button>
          )}
        </div>
      </div>
      {confirming &&
        createPortal(
          <ConfirmDialog
            open
            title={title ? `Remove item ${number}, “${title}”?` : `Remove item ${number}?`}
            confirmLabel="Remove item"
            cancelLabel="Keep it"
            onCancel={() => setConfirming(false)}
            onConfirm={() => {
              setConfirming(false);
              deleteNode();
              // The button that asked is gone with the item: the writing takes the focus.
              editor.commands.focus();
            }}
          >
            <p>Its words leave the agreement for both of you. To keep it on record, mark it retired instead.</p>
          </ConfirmDialog>,
          document.body,
        )}
    </NodeViewWrapper>
  );
}
