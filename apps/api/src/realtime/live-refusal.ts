import type { LiveError, LiveRule } from '@kinship/domain/wire';

/**
 * A live-session event the rules refuse: the rule it broke (from LIVE_RULES) and plain words.
 * The `/live` door answers it as `session:error`; nothing is dropped silently.
 */
export class LiveRefusal extends Error {
  constructor(
    readonly rule: LiveRule,
    message: string,
  ) {
    super(message);
  }

  toLiveError(event: string): LiveError {
    return { event, rule: this.rule, message: this.message };
  }
}
