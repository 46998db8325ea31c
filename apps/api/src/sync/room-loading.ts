import type { DocumentRecord, FanOutListener } from './ports';
import { DocRoom, RoomDeps } from './doc-room';
import { buildDocument, checkPiece, UnloadablePiece } from './stored-pieces';

/**
 * Loads the document from the store, subscribed to the other processes first: what they relay
 * while the store is read is held and applied after, and what they published before was stored
 * before we read, so nothing falls in between.
 *
 * A stored piece that is malformed or makes Yjs throw (data stored before these
 * checks existed, or by a bug) is quarantined and the load starts over without it, so no stored
 * byte can take the process down or keep a document shut. A failed read throws and leaves
 * nothing behind.
 */
export async function loadRoom(documentId: string, record: DocumentRecord, deps: RoomDeps): Promise<DocRoom> {
  const early: Array<(room: DocRoom) => void> = [];
  const holding: FanOutListener = {
    relayed: (frame, claims) => early.push((room) => room.relayed(frame, claims)),
    recordChanged: (next) => early.push((room) => room.recordChanged(next)),
    missed: () => early.push((room) => room.missed()),
  };
  let target: FanOutListener = holding;
  const unsubscribe = await deps.fanOut.subscribe(documentId, {
    relayed: (frame, claims) => target.relayed(frame, claims),
    recordChanged: (next) => target.recordChanged(next),
    missed: () => target.missed(),
  });
  try {
    const room = await readRoom(documentId, record, deps);
    room.attach(unsubscribe);
    target = room;
    for (const replay of early) replay(room);
    return room;
  } catch (error) {
    unsubscribe();
    throw error;
  }
}

async function readRoom(documentId: string, record: DocumentRecord, deps: RoomDeps): Promise<DocRoom> {
  for (;;) {
    const pieces = await deps.store.load(documentId);
    // Owners after the pieces: an append committing in between leaves an owner for a client
    // the pieces lack (harmless), never a client in the pieces without its owner (refused).
    const workspaceId = record.workspaceId;
    const [owners, usage] = await Promise.all([
      deps.store.clientOwners(documentId),
      deps.store.usage(documentId, deps.quota.wantsWorkspaceReading(workspaceId) ? workspaceId : null),
    ]);
    if (usage.workspace !== null) deps.quota.readWorkspace(workspaceId, usage.workspace);
    try {
      if (pieces.length === 1 && pieces[0]!.ref === 'snapshot') {
        // One compacted snapshot: served as it is, built into a document on demand. One the
        // compaction thread wrote (it comes with its state vector) was built there from checked
        // pieces and is sealed against change; any other is checked here first.
        const snapshot = pieces[0]!;
        if (!snapshot.stateVector) checkPiece(snapshot);
        return new DocRoom(documentId, { state: snapshot.data, stateVector: snapshot.stateVector }, record, deps, owners, usage.document);
      }
      return new DocRoom(documentId, { doc: buildDocument(pieces) }, record, deps, owners, usage.document);
    } catch (error) {
      if (!(error instanceof UnloadablePiece)) throw error;
      await deps.store.quarantine(documentId, error.ref, error.message);
    }
  }
}
