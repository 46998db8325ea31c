import type { Editor } from '@tiptap/react';
import { Button } from '../../../ui/Button';
import { PlusIcon } from '../../../ui/icons';
import { addAgreementItem } from './agreement-nodes';
import './agreement-editor.css';

/** Below the items: add an empty item at the end, with the caret in its title. */
export function AddAgreementItem({ editor }: { editor: Editor | null }) {
  return (
    <div className="agreement-editor__add">
      <Button onClick={() => editor && addAgreementItem(editor)} disabled={!editor}>
        <PlusIcon /> Add an item
      </Button>
    </div>
  );
}
