import { can, DocumentTarget } from '@kinship/domain';
import type { Peer, WriteGate } from '../ports';

/** The shared role rules, asked on every update frame. */
export class RoleWriteGate implements WriteGate {
  mayWrite(peer: Peer, document: DocumentTarget): boolean {
    return can({ role: peer.role }, { type: 'document.write', document });
  }
}
