import { useId } from 'react';
import './dock.css';

const CHOICES = [5, 10, 15, 20, 30, 45, 60] as const;

/** How long a break lasts, or none (the session stays paused until resumed). */
export function BreakMinutesField({
  value,
  onChange,
  label = 'Break',
}: {
  value: number | null;
  onChange: (minutes: number | null) => void;
  label?: string;
}) {
  const id = useId();
  return (
    <span className="inline-field">
      <label htmlFor={id} className="inline-field__label">
        {label}
      </label>
      <select
        id={id}
        className="inline-field__select"
        value={value === null ? 'none' : String(value)}
        onChange={(event) => onChange(event.target.value === 'none' ? null : Number(event.target.value))}
      >
        <option value="none">No break timer</option>
        {CHOICES.map((minutes) => (
          <option key={minutes} value={minutes}>
            {minutes} minutes
          </option>
        ))}
      </select>
    </span>
  );
}
