import type { SafetyMessageView } from '@kinship/domain/wire';
import { formatDateTime } from '../../../ui/format';

/** A thread between one partner and the counselor, oldest first. */
export function Thread({ messages, partnerName, mine }: { messages: SafetyMessageView[]; partnerName: string; mine: 'partner' | 'counselor' }) {
  if (messages.length === 0) return <p className="muted">No messages yet.</p>;
  return (
    <ol className="safety__thread">
      {messages.map((m) => (
        <li key={m.id} className={`safety__message${m.from === mine ? ' safety__message--mine' : ''}`}>
          <p className="safety__message-meta">
            {m.from === mine ? 'You' : m.from === 'counselor' ? 'Your counselor' : partnerName} · {formatDateTime(m.at)}
          </p>
          <p className="safety__message-body">{m.body}</p>
        </li>
      ))}
    </ol>
  );
}
