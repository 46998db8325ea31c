import { forwardRef } from 'react';
import { Button } from '../../../ui/Button';
import { CopyField } from '../../../ui/CopyField';
import '../recovery.css';

export interface RecoveryCodesListProps {
  codes: string[];
  /** What the codes are for, said above them. */
  intro: string;
  onDone: () => void;
  doneLabel?: string;
}

function download(codes: string[]) {
  const text = `Kinship recovery codes\nEach code works once: to set a new password if you forget yours ("Forgot password?" on the log-in page), or in place of a code from your authenticator app.\nMaking new codes ends these.\n\n${codes.join('\n')}\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'kinship-recovery-codes.txt';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A new set of recovery codes, shown this once: to copy or download, then "I've saved them". */
export const RecoveryCodesList = forwardRef<HTMLHeadingElement, RecoveryCodesListProps>(function RecoveryCodesList(
  { codes, intro, onDone, doneLabel = "I've saved them" },
  headingRef,
) {
  return (
    <div className="recovery">
      <h3 ref={headingRef} tabIndex={-1}>
        Your recovery codes
      </h3>
      <p>
        {intro} Keep them somewhere safe that only you can reach, such as a password manager. <strong>They are shown only now.</strong>
      </p>
      <ul className="recovery-codes" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <CopyField
        label="All codes, to copy"
        value={codes.join(' ')}
        copyLabel="Copy codes"
        copiedHint="Copied. Paste them into your password manager; never send them to anyone."
        selectedHint="The codes are selected: press Ctrl+C (or ⌘C) to copy them."
      />
      <div className="form__actions">
        <Button onClick={() => download(codes)}>Download as a text file</Button>
        <Button variant="primary" onClick={onDone}>
          {doneLabel}
        </Button>
      </div>
    </div>
  );
});
