import { formatClock } from './format';
import './timer-face.css';

export interface TimerFaceProps {
  /** What the time is: "Timer", "Break". */
  label: string;
  /** The time to show, in milliseconds. */
  ms: number;
  /** A countdown (rounds up, says "left"), or a count up. */
  countingDown?: boolean;
  running: boolean;
  className?: string;
}

/**
 * A clock face with its label. role="timer" tells assistive technology it changes on its own,
 * and is not read out on every tick.
 */
export function TimerFace({ label, ms, countingDown = false, running, className }: TimerFaceProps) {
  return (
    <span
      className={['timer-face', running ? 'timer-face--running' : 'timer-face--stopped', className ?? ''].filter(Boolean).join(' ')}
    >
      <span className="timer-face__label">{label}</span>{' '}
      <span role="timer" className="timer-face__value">
        {formatClock(ms, countingDown ? 'up' : 'down')}
      </span>
      {countingDown && <span className="timer-face__unit"> left</span>}
      {!running && <span className="timer-face__unit"> (stopped)</span>}
    </span>
  );
}
