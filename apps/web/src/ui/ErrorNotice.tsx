import { Notice } from './Notice';
import './notice.css';

/** What went wrong after an action, read out when it appears; nothing while all is well. */
export function ErrorNotice({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <Notice tone="error" live>
      {message}
    </Notice>
  );
}
