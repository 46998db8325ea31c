import { useState, type FormEvent, type ReactNode } from 'react';
import { useEditorState, type Editor } from '@tiptap/react';
import { Button } from '../../../ui/Button';
import {
  BoldIcon,
  BulletListIcon,
  ChecklistIcon,
  HeadingIcon,
  ItalicIcon,
  LinkIcon,
  OrderedListIcon,
  RedoIcon,
  UndoIcon,
} from '../../../ui/icons';
import { TextField } from '../../../ui/TextField';

function ToolButton({
  label,
  shortcut,
  active,
  disabled,
  onClick,
  children,
}: {
  label: string;
  shortcut?: string;
  active?: boolean;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className="toolbar__button"
      aria-label={label}
      aria-pressed={active === undefined ? undefined : active}
      title={shortcut ? `${label} (${shortcut})` : label}
      disabled={disabled}
      // Keep the text selection in the editor while clicking.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

/** Normalizes what a person types as a link: "example.org" becomes "https://example.org". */
export function normalizeLink(input: string): string | null {
  const value = input.trim();
  if (!value) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
  try {
    const url = new URL(withScheme);
    if (!['http:', 'https:', 'mailto:'].includes(url.protocol)) return null;
    return url.href;
  } catch {
    return null;
  }
}

export function EditorToolbar({ editor }: { editor: Editor | null }) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) =>
      e
        ? {
            bold: e.isActive('bold'),
            italic: e.isActive('italic'),
            h2: e.isActive('heading', { level: 2 }),
            h3: e.isActive('heading', { level: 3 }),
            bullet: e.isActive('bulletList'),
            ordered: e.isActive('orderedList'),
            task: e.isActive('taskList'),
            link: e.isActive('link'),
            href: (e.getAttributes('link').href as string | undefined) ?? '',
            canUndo: e.can().undo(),
            canRedo: e.can().redo(),
          }
        : null,
  });
  const [linkOpen, setLinkOpen] = useState(false);
  const [linkValue, setLinkValue] = useState('');
  const [linkError, setLinkError] = useState<string | undefined>();

  if (!editor || !state) return null;
  const chain = () => editor.chain().focus();

  function openLink() {
    setLinkValue(state?.href ?? '');
    setLinkError(undefined);
    setLinkOpen(true);
  }

  function applyLink(event: FormEvent) {
    event.preventDefault();
    if (!editor) return;
    const href = normalizeLink(linkValue);
    if (!href) {
      setLinkError('Link address should look like example.org or https://example.org.');
      return;
    }
    editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
    setLinkOpen(false);
  }

  function removeLink() {
    editor?.chain().focus().extendMarkRange('link').unsetLink().run();
    setLinkOpen(false);
  }

  return (
    <div className="toolbar-wrap">
      <div className="toolbar" role="toolbar" aria-label="Formatting">
        <div className="toolbar__group">
          <ToolButton label="Heading" active={state.h2} onClick={() => chain().toggleHeading({ level: 2 }).run()}>
            <HeadingIcon level={2} />
          </ToolButton>
          <ToolButton label="Subheading" active={state.h3} onClick={() => chain().toggleHeading({ level: 3 }).run()}>
            <HeadingIcon level={3} />
          </ToolButton>
        </div>
        <div className="toolbar__group">
          <ToolButton label="Bold" shortcut="Ctrl+B" active={state.bold} onClick={() => chain().toggleBold().run()}>
            <BoldIcon />
          </ToolButton>
          <ToolButton label="Italic" shortcut="Ctrl+I" active={state.italic} onClick={() => chain().toggleItalic().run()}>
            <ItalicIcon />
          </ToolButton>
          <ToolButton label={state.link ? 'Edit link' : 'Add link'} active={state.link} onClick={openLink}>
            <LinkIcon />
          </ToolButton>
        </div>
        <div className="toolbar__group">
          <ToolButton label="Bulleted list" active={state.bullet} onClick={() => chain().toggleBulletList().run()}>
            <BulletListIcon />
          </ToolButton>
          <ToolButton label="Numbered list" active={state.ordered} onClick={() => chain().toggleOrderedList().run()}>
            <OrderedListIcon />
          </ToolButton>
          <ToolButton label="Checklist" active={state.task} onClick={() => chain().toggleTaskList().run()}>
            <ChecklistIcon />
          </ToolButton>
        </div>
        <div className="toolbar__group">
          <ToolButton label="Undo my last change" shortcut="Ctrl+Z" disabled={!state.canUndo} onClick={() => chain().undo().run()}>
            <UndoIcon />
          </ToolButton>
          <ToolButton
            label="Redo my change"
            shortcut="Ctrl+Shift+Z"
            disabled={!state.canRedo}
            onClick={() => chain().redo().run()}
          >
            <RedoIcon />
          </ToolButton>
        </div>
      </div>
      {linkOpen && (
        <form className="link-form" onSubmit={applyLink} aria-label="Link">
          <TextField
            label="Link address"
            value={linkValue}
            onChange={(event) => setLinkValue(event.target.value)}
            error={linkError}
            placeholder="example.org"
            inputMode="url"
            autoFocus
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                setLinkOpen(false);
                editor.commands.focus();
              }
            }}
          />
          <div className="link-form__actions">
            <Button type="submit" variant="primary" size="small">
              Apply link
            </Button>
            {state.link && (
              <Button size="small" onClick={removeLink}>
                Remove link
              </Button>
            )}
            <Button
              size="small"
              variant="quiet"
              onClick={() => {
                setLinkOpen(false);
                editor.commands.focus();
              }}
            >
              Cancel
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
