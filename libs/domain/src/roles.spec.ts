import { can, visibleKinds, DocumentTarget } from './roles';

const shared = (kind: DocumentTarget['kind'], archived = false): DocumentTarget => ({ kind, archived });

describe('the role rules', () => {
  it('a stranger may do nothing', () => {
    expect(can({ role: null }, { type: 'workspace.view' })).toBe(false);
    expect(can({ role: null }, { type: 'document.read', document: shared('agreement') })).toBe(false);
  });

  it('only the counselor invites partners, and sees and withdraws pending invites', () => {
    expect(can({ role: 'counselor' }, { type: 'workspace.invite' })).toBe(true);
    expect(can({ role: 'partner' }, { type: 'workspace.invite' })).toBe(false);
    expect(can({ role: 'counselor' }, { type: 'workspace.invite.manage' })).toBe(true);
    expect(can({ role: 'partner' }, { type: 'workspace.invite.manage' })).toBe(false);
    expect(can({ role: null }, { type: 'workspace.invite.manage' })).toBe(false);
  });

  it('a partner can never list, create, open or write the counselor’s private notes', () => {
    const notes = shared('counselor-notes');
    expect(can({ role: 'partner' }, { type: 'document.list', kind: 'counselor-notes' })).toBe(false);
    expect(can({ role: 'partner' }, { type: 'document.create', kind: 'counselor-notes' })).toBe(false);
    expect(can({ role: 'partner' }, { type: 'document.read', document: notes })).toBe(false);
    expect(can({ role: 'partner' }, { type: 'document.write', document: notes })).toBe(false);
    expect(can({ role: 'partner' }, { type: 'document.archive', document: notes })).toBe(false);
    expect(can({ role: 'counselor' }, { type: 'document.write', document: notes })).toBe(true);
    expect(visibleKinds('partner')).toEqual(['agreement', 'notes', 'dialogue']);
    expect(visibleKinds('counselor')).toEqual(['agreement', 'notes', 'dialogue', 'counselor-notes']);
  });

  it('partners and the counselor edit shared documents, and nobody edits an archived one', () => {
    for (const role of ['partner', 'counselor'] as const) {
      expect(can({ role }, { type: 'document.write', document: shared('agreement') })).toBe(true);
      expect(can({ role }, { type: 'document.write', document: shared('notes') })).toBe(true);
      expect(can({ role }, { type: 'document.write', document: shared('agreement', true) })).toBe(false);
      expect(can({ role }, { type: 'document.read', document: shared('agreement', true) })).toBe(true);
    }
  });
});
