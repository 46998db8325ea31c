import { useId, useState } from 'react';
import { Button } from '../../../ui/Button';
import { groupedKey } from '../totp-key';

/**
 * The key to type into an authenticator app by hand: shown whole, wrapped, in groups of four (a
 * one-line field cut it off on a phone), with a Copy button that copies it without the spaces.
 */
export function TotpKey({ secret }: { secret: string }) {
  const id = useId();
  const [result, setResult] = useState<'idle' | 'copied' | 'manual'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setResult('copied');
    } catch {
      const range = document.createRange();
      const node = document.getElementById(id);
      if (node) {
        range.selectNodeContents(node);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
      }
      setResult('manual');
    }
  }
  return (
    <div className="totp-key" role="group" aria-labelledby={`${id}-label`}>
      <p className="field__label" id={`${id}-label`}>
        Or type this key into the app
      </p>
      <p className="totp-key__value" id={id} translate="no">
        {groupedKey(secret)}
      </p>
      <Button onClick={copy}>Copy key</Button>
      <p className="field__hint" role="status">
        {result === 'copied' && 'Copied. Paste it into your authenticator app; never send it to anyone.'}
        {result === 'manual' && 'The key is selected: press Ctrl+C (or ⌘C) to copy it.'}
      </p>
    </div>
  );
}
