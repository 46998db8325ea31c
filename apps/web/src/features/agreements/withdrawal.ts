/** "item 2", "items 1, 3 and 4" in a withdrawal's reason: the numbers of the items that changed. */
const ITEMS = /\bitems? (\d+(?:(?:, | and )\d+)*)/g;

/**
 * Why an acceptance was withdrawn, as the server words it ("Riley Moss edited item 2 after Jordan
 * Blake accepted"), said to its reader: "after you accepted" when the acceptance was theirs; and
 * the numbers of the items it names, each to be linked to (the items removed are named by title,
 * and are no longer there to go to).
 */
export function withdrawalWords(reason: string, acceptor: string, mine: boolean): { sentence: string; items: number[] } {
  const theirs = ` after ${acceptor} accepted`;
  const sentence = mine && reason.endsWith(theirs) ? `${reason.slice(0, -theirs.length)} after you accepted` : reason;
  const items = new Set<number>();
  for (const match of sentence.matchAll(ITEMS)) for (const n of match[1]!.split(/, | and /)) items.add(Number(n));
  return { sentence, items: [...items] };
}
