import type { PresentPerson } from '../presence';
import './presence.css';

function sentence(names: string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} are typing…`;
}

/** "Sam is typing…": others only. Kept quiet for screen readers, which would hear it too often. */
export function TypingIndicator({ people }: { people: PresentPerson[] }) {
  const text = sentence(people.filter((p) => p.typing && !p.self).map((p) => p.name));
  return (
    <p className="typing-indicator" data-testid="typing-indicator">
      {text || '\u00a0'}
    </p>
  );
}
