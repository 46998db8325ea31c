import { useEffect, useId, useRef, useState } from 'react';
import { Button } from './Button';
import './forms.css';

export interface CopyFieldProps {
  label: string;
  value: string;
  hint?: string;
  copyLabel?: string;
  /** Move the keyboard focus to the value when it first appears (e.g. a link just made). */
  focusOnMount?: boolean;
  /** Said once the value is copied. */
  copiedHint?: string;
  /** Said when copying was refused and the value is selected instead. */
  selectedHint?: string;
}

/** A read-only value with a Copy button; falls back to selecting the text when copying is refused. */
export function CopyField({
  label,
  value,
  hint,
  copyLabel = 'Copy',
  focusOnMount = false,
  copiedHint = 'Copied. Paste it into a message to send it.',
  selectedHint = 'The link is selected: press Ctrl+C (or ⌘C) to copy it.',
}: CopyFieldProps) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<'idle' | 'copied' | 'manual'>('idle');
  const [focusFirst] = useState(focusOnMount);
  useEffect(() => {
    if (focusFirst) inputRef.current?.focus();
  }, [focusFirst]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setResult('copied');
    } catch {
      inputRef.current?.focus();
      inputRef.current?.select();
      setResult('manual');
    }
  }

  return (
    <div className="copy-field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <div className="copy-field__row">
        <input
          ref={inputRef}
          id={id}
          className="field__input copy-field__input"
          readOnly
          value={value}
          onFocus={(event) => event.currentTarget.select()}
          aria-describedby={hint ? `${id}-hint` : undefined}
        />
        <Button variant="primary" onClick={copy}>
          {copyLabel}
        </Button>
      </div>
      <p className="field__hint" role="status">
        {result === 'copied' && copiedHint}
        {result === 'manual' && selectedHint}
      </p>
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
    </div>
  );
}
