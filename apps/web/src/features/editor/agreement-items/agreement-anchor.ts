/**
 * The id of item `number`'s card in an agreement's editor: a link to "#<this>" (why an acceptance
 * was withdrawn names the items that changed) takes the reader to the item.
 */
export function agreementItemAnchor(number: number): string {
  return `agreement-item-${number}`;
}
