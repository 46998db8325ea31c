/** Polls until the value read satisfies the check; fails with the last value seen. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: RegExp | ((value: T) => boolean),
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (check instanceof RegExp ? check.test(String(last)) : check(last)) return last;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
}
