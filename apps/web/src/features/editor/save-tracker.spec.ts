import * as Y from 'yjs';
import { holdsMoreThan } from './save-tracker';

function stateOf(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

describe('answering the server’s sync step 1', () => {
  it('counts as an edit only when this device holds content the server lacks', () => {
    const server = new Y.Doc();
    server.getText('t').insert(0, 'stored on the server');
    const device = new Y.Doc();
    Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
    // A reader's device, in step with the server: nothing of theirs to confirm.
    expect(holdsMoreThan(device, stateOf(server))).toBe(false);
    // Behind the server is not ahead of it.
    server.getText('t').insert(0, 'newer ');
    expect(holdsMoreThan(device, stateOf(server))).toBe(false);
    // Written on this device and not yet on the server: an edit waiting for its receipt.
    device.getText('t').insert(0, 'written offline ');
    expect(holdsMoreThan(device, stateOf(server))).toBe(true);
  });
});
