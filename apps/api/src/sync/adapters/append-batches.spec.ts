import { fairBatches, MAX_BATCH } from './append-batches';

const append = (documentId: string, bytes: number, n: number) => ({ documentId, update: new Uint8Array(bytes), n });

describe('batches of appends', () => {
  it('take each document in turn, keep each document’s order, and stay within 2 MB', () => {
    const flood = Array.from({ length: 6 }, (_, n) => append('flood', 900_000, n));
    const keys = Array.from({ length: 3 }, (_, n) => append(`calm-${n}`, 40, n));
    const batches = fairBatches([...flood, ...keys]);
    // The calm documents' keystrokes share the first batch, not the seventh.
    expect(batches[0]!.map((a) => a.documentId)).toEqual(['flood', 'calm-0', 'calm-1', 'calm-2', 'flood']);
    for (const batch of batches) expect(batch.reduce((sum, a) => sum + a.update.byteLength, 0)).toBeLessThanOrEqual(2 * 1024 * 1024);
    const floodOrder = batches.flat().filter((a) => a.documentId === 'flood').map((a) => a.n);
    expect(floodOrder).toEqual([0, 1, 2, 3, 4, 5]);
    expect(batches.flat()).toHaveLength(9);
  });

  it('hold at most MAX_BATCH rows, every append in exactly one of them', () => {
    const backlog = Array.from({ length: 2 * MAX_BATCH + 7 }, (_, n) => append(`doc-${n % 1500}`, 30, n));
    const batches = fairBatches(backlog);
    expect(batches.map((b) => b.length)).toEqual([MAX_BATCH, MAX_BATCH, 7]);
    expect(new Set(batches.flat().map((a) => a.n)).size).toBe(backlog.length);
  });

  it('send one append larger than the bound on its own', () => {
    const batches = fairBatches([append('a', 3_000_000, 0), append('a', 10, 1)]);
    expect(batches.map((b) => b.length)).toEqual([1, 1]);
  });
});
