import { round } from './proc';

export interface Spread {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function spread(values: number[]): Spread {
  if (values.length === 0) return { count: 0, p50: NaN, p99: NaN, max: NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { count: sorted.length, p50: round(at(50)), p99: round(at(99)), max: round(sorted[sorted.length - 1]) };
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN;
};
