import type { Claims } from './ports';
import type { UpdateShape } from './update-shape';

/**
 * Which account each Yjs client id of a document belongs to: the first account whose update
 * brought it in, decided in the database (`DocStore.claim`) once for every process. Authorship is
 * read from client ids, so nobody may write under another account's.
 */
export class ClientOwnership {
  /** Client ids claimed here whose first update has not been published yet (other processes learn them with it). */
  private readonly unannounced = new Set<number>();

  constructor(private readonly owners: Map<number, string | null>) {}

  /**
   * The client ids an update brings into the document that this account must claim first, or null
   * when it carries new structs under a client id that belongs to another account, or one already
   * in the document whose owner is not known (kept from before owners were recorded).
   * `known(client)`: the next clock the room has for that client.
   */
  toClaim(shape: UpdateShape, accountId: string, known: (client: number) => number): number[] | null {
    const claims: number[] = [];
    for (const [client, range] of shape.ranges) {
      // Structs the document already holds (a step 2 racing others' edits relayed meanwhile) are no one's new writing.
      if (range.to <= known(client)) continue;
      if (this.owners.has(client)) {
        if (this.owners.get(client) !== accountId) return null;
      } else if (known(client) > 0) {
        return null;
      } else {
        claims.push(client);
      }
    }
    return claims;
  }

  /** What the database answered to a claim by `accountId`: the owners of those client ids from now on. */
  claimed(accountId: string, clients: number[], owners: Map<number, string | null>): void {
    for (const client of clients) {
      const owner = owners.has(client) ? owners.get(client)! : null;
      this.owners.set(client, owner);
      if (owner === accountId) this.unannounced.add(client);
    }
  }

  /** Owners learnt elsewhere (another process's relay, the store): never overriding what is known. */
  learn(owners: Iterable<[number, string | null]>): void {
    for (const [client, owner] of owners) if (!this.owners.has(client)) this.owners.set(client, owner);
  }

  /** The client ids claimed here that an update under them announces to the other processes. */
  announce(shape: UpdateShape, accountId: string): Claims | null {
    if (this.unannounced.size === 0) return null;
    const clients = [...shape.ranges.keys()].filter((client) => this.unannounced.delete(client));
    return clients.length > 0 ? { accountId, clients } : null;
  }
}
