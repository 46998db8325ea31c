import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';

/** How long a person's name stays on their caret after their last change. */
export const LABEL_LINGER_MS = 2000;

interface CaretUser {
  name?: unknown;
  color?: unknown;
  accountId?: unknown;
}

const ACTIVE = 'collaboration-carets__caret--active';
const FLIPPED = 'collaboration-carets__caret--flipped';

/**
 * Other people's carets, drawn through CollaborationCaret's `render` option. Each caret is a thin
 * coloured line; its name label shows only while that person types (and LABEL_LINGER_MS after
 * their last change), as good editors do, so labels never sit over the words being read.
 * Hovering a caret shows the name again (CSS). A label that would cross the writing area's right
 * edge opens to the left of the caret instead, so it never makes a phone page scroll sideways.
 *
 * "Types" is read from two signals: the `typing` flag in the person's presence state, and
 * changes arriving from their client (a Yjs client id is the same as its awareness client id).
 */
export class CaretLabels {
  private readonly carets = new Map<string, Set<HTMLElement>>();
  private readonly changedAt = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly awareness: Awareness,
    private readonly doc: Y.Doc,
  ) {}

  /** For CollaborationCaret.configure({ render }). */
  render = (user: Record<string, unknown>): HTMLElement => {
    const { name, color, accountId } = user as CaretUser;
    const key = typeof accountId === 'string' ? accountId : String(name ?? '');
    const caret = document.createElement('span');
    caret.classList.add('collaboration-carets__caret');
    caret.dataset.accountId = key;
    if (typeof color === 'string') caret.style.borderColor = color;
    const label = document.createElement('span');
    label.classList.add('collaboration-carets__label');
    if (typeof color === 'string') label.style.backgroundColor = color;
    label.textContent = typeof name === 'string' ? name : '';
    caret.append(label);
    // Hovering shows the name (CSS); place it on the side where it fits.
    caret.addEventListener('mouseenter', () => this.fit(caret));
    let set = this.carets.get(key);
    if (!set) this.carets.set(key, (set = new Set()));
    set.add(caret);
    // Drawn fresh while the person types (the caret moves to a new line): keep the label on.
    if (this.isActive(key)) requestAnimationFrame(() => this.show(caret));
    return caret;
  };

  /** Starts listening; returns the way to stop. */
  attach(): () => void {
    const onAwareness = ({ added, updated }: { added: number[]; updated: number[] }) => {
      for (const clientId of [...added, ...updated]) {
        if (clientId === this.awareness.clientID) continue;
        const key = this.accountOf(clientId);
        if (key) this.refresh(key);
      }
    };
    const onTransaction = (transaction: Y.Transaction) => {
      if (transaction.local) return;
      const now = Date.now();
      transaction.afterState.forEach((clock, clientId) => {
        if (clientId === this.doc.clientID || clock <= (transaction.beforeState.get(clientId) ?? 0)) return;
        const key = this.accountOf(clientId);
        if (!key) return;
        this.changedAt.set(key, now);
        this.refresh(key);
      });
    };
    this.awareness.on('change', onAwareness);
    this.doc.on('afterTransaction', onTransaction);
    return () => {
      this.awareness.off('change', onAwareness);
      this.doc.off('afterTransaction', onTransaction);
      this.timers.forEach((timer) => clearTimeout(timer));
      this.timers.clear();
      this.carets.clear();
    };
  }

  private accountOf(clientId: number): string | null {
    const user = this.awareness.getStates().get(clientId)?.user as CaretUser | undefined;
    if (!user) return null;
    return typeof user.accountId === 'string' ? user.accountId : typeof user.name === 'string' ? user.name : null;
  }

  private isActive(key: string): boolean {
    for (const [clientId, state] of this.awareness.getStates()) {
      if (clientId !== this.awareness.clientID && state?.typing === true && this.accountOf(clientId) === key) return true;
    }
    return Date.now() - (this.changedAt.get(key) ?? 0) < LABEL_LINGER_MS;
  }

  /** Shows or hides the person's labels now, and checks again when their last change has lingered enough. */
  private refresh(key: string) {
    const active = this.isActive(key);
    const set = this.carets.get(key);
    if (set) {
      for (const caret of set) {
        if (!caret.isConnected) {
          // Replaced by a newer drawing of the same caret.
          if (!active) set.delete(caret);
          continue;
        }
        if (active) this.show(caret);
        else caret.classList.remove(ACTIVE);
      }
    }
    clearTimeout(this.timers.get(key));
    if (active) this.timers.set(key, setTimeout(() => this.refresh(key), LABEL_LINGER_MS));
    else this.timers.delete(key);
  }

  private show(caret: HTMLElement) {
    if (!caret.isConnected) return;
    caret.classList.add(ACTIVE);
    this.fit(caret);
  }

  /** Puts a shown label on whichever side of the caret keeps it inside the writing area. */
  private fit(caret: HTMLElement) {
    caret.classList.remove(FLIPPED);
    const label = caret.firstElementChild as HTMLElement | null;
    const area = caret.closest('.ProseMirror') ?? caret.parentElement;
    if (!label || !area) return;
    if (label.getBoundingClientRect().right > area.getBoundingClientRect().right) caret.classList.add(FLIPPED);
  }
}
