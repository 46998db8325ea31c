import { useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
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
import './editor.css';

type Tool =
  | 'Heading'
  | 'Subheading'
  | 'Bold'
  | 'Italic'
  | 'Link'
  | 'Bulleted list'
  | 'Numbered list'
  | 'Checklist'
  | 'Undo'
  | 'Redo';

function ToolButton({
  tool,
  label,
  shortcut,
  active,
  disabled,
  tabbable,
  onFocusTool,
  onClick,
  children,
}: {
  tool: Tool;
  label: string;
  shortcut?: string;
  active?: boolean;
  disabled?: boolean;
  /** The toolbar is one Tab stop; arrow keys move between its buttons. */
  tabbable: boolean;
  onFocusTool: (tool: Tool) => void;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className="icon-button toolbar__button"
      data-tool={tool}
      tabIndex={tabbable ? 0 : -1}
      onFocus={() => onFocusTool(tool)}
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
  const [current, setCurrent] = useState<Tool>('Heading');
  const toolbarRef = useRef<HTMLDivElement>(null);
  const [linkOpen, setLinkOpen] = useState(false);
  const [linkValue, setLinkValue] = useState('');
  const [linkError, setLinkError] = useState<string | undefined>();

  if (!editor || !state) return null;
  const chain = () => editor.chain().focus();
  const disabledTools: Partial<Record<Tool, boolean>> = { Undo: !state.canUndo, Redo: !state.canRedo };
  // The Tab stop stays on an enabled button.
  const tabStop: Tool = disabledTools[current] ? 'Heading' : current;
  const tool = (name: Tool) => ({
    tool: name,
    tabbable: tabStop === name,
    onFocusTool: setCurrent,
    disabled: disabledTools[name] ?? false,
  });

  function moveFocus(event: KeyboardEvent<HTMLDivElement>) {
    const keys = ['ArrowRight', 'ArrowLeft', 'Home', 'End'];
    if (!keys.includes(event.key)) return;
    const buttons = Array.from(toolbarRef.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? []);
    if (buttons.length === 0) return;
    event.preventDefault();
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? buttons.length - 1
          : (index + (event.key === 'ArrowRight' ? 1 : -1) + buttons.length) % buttons.length;
    buttons[next]!.focus();
  }

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
      <div
        ref={toolbarRef}
        className="toolbar"
        role="toolbar"
        aria-label="Formatting"
        aria-orientation="horizontal"
        onKeyDown={moveFocus}
      >
        <div className="toolbar__group">
          <ToolButton {...tool('Heading')} label="Heading" active={state.h2} onClick={() => chain().toggleHeading({ level: 2 }).run()}>
            <HeadingIcon level={2} />
          </ToolButton>
          <ToolButton {...tool('Subheading')} label="Subheading" active={state.h3} onClick={() => chain().toggleHeading({ level: 3 }).run()}>
            <HeadingIcon level={3} />
          </ToolButton>
        </div>
        <div className="toolbar__group">
          <ToolButton {...tool('Bold')} label="Bold" shortcut="Ctrl+B" active={state.bold} onClick={() => chain().toggleBold().run()}>
            <BoldIcon />
          </ToolButton>
          <ToolButton {...tool('Italic')} label="Italic" shortcut="Ctrl+I" active={state.italic} onClick={() => chain().toggleItalic().run()}>
            <ItalicIcon />
          </ToolButton>
          <ToolButton {...tool('Link')} label={state.link ? 'Edit link' : 'Add link'} active={state.link} onClick={openLink}>
            <LinkIcon />
          </ToolButton>
        </div>
        <div className="toolbar__group">
          <ToolButton {...tool('Bulleted list')} label="Bulleted list" active={state.bullet} onClick={() => chain().toggleBulletList().run()}>
            <BulletListIcon />
          </ToolButton>
          <ToolButton {...tool('Numbered list')} label="Numbered list" active={state.ordered} onClick={() => chain().toggleOrderedList().run()}>
            <OrderedListIcon />
          </ToolButton>
          <ToolButton {...tool('Checklist')} label="Checklist" active={state.task} onClick={() => chain().toggleTaskList().run()}>
            <ChecklistIcon />
          </ToolButton>
        </div>
        <div className="toolbar__group">
          <ToolButton {...tool('Undo')} label="Undo my last change" shortcut="Ctrl+Z" onClick={() => chain().undo().run()}>
            <UndoIcon />
          </ToolButton>
          <ToolButton
            {...tool('Redo')}
            label="Redo my change"
            shortcut="Ctrl+Shift+Z"
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
