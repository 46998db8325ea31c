/** A person with no input for this long, in any way, is shown as idle. */
export const IDLE_AFTER_MS = 60_000;

/** Pointer moves fire often: the idle countdown restarts at most this often. */
const INPUT_THROTTLE_MS = 1000;

export type Activity = 'active' | 'idle';

/**
 * Whether the person at this tab is active: idle after `idleAfterMs` without input, or as soon as
 * the tab is hidden; active again on the next input, or when the tab shows again. Pure of the
 * DOM: the hook (useActivity) feeds it input and visibility; `onChange` hears each change once.
 */
export class ActivityWatch {
  private current: Activity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastInput = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly onChange: (activity: Activity) => void,
    private hidden: boolean,
    private readonly idleAfterMs = IDLE_AFTER_MS,
  ) {
    this.current = hidden ? 'idle' : 'active';
    if (!hidden) this.idleLater();
  }

  get activity(): Activity {
    return this.current;
  }

  /** A key, a click, a pointer move, a scroll. */
  input(now: number): void {
    if (this.hidden || now - this.lastInput < INPUT_THROTTLE_MS) return;
    this.lastInput = now;
    this.set('active');
    this.idleLater();
  }

  visibility(hidden: boolean, now: number): void {
    this.hidden = hidden;
    if (hidden) {
      clearTimeout(this.timer);
      this.set('idle');
    } else {
      this.lastInput = Number.NEGATIVE_INFINITY;
      this.input(now);
    }
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private idleLater(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.set('idle'), this.idleAfterMs);
  }

  private set(next: Activity): void {
    if (next === this.current) return;
    this.current = next;
    this.onChange(next);
  }
}
