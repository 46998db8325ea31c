import { archiveNeedsBothPartners, can, visibleKinds, DocumentTarget } from './roles';

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

  it('only the counselor issues a recovery link, only for a partner, never for themselves; a partner never, for anyone', () => {
    const link = (role: 'counselor' | 'partner', self = false) => ({ type: 'account.recovery-link' as const, member: { role, self } });
    expect(can({ role: 'counselor' }, link('partner'))).toBe(true);
    expect(can({ role: 'counselor' }, link('counselor', true))).toBe(false);
    expect(can({ role: 'partner' }, link('partner'))).toBe(false);
    expect(can({ role: 'partner' }, link('partner', true))).toBe(false);
    expect(can({ role: 'partner' }, link('counselor'))).toBe(false);
    expect(can({ role: null }, link('partner'))).toBe(false);
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

describe('agreements and proposals', () => {
  const agreement = { kind: 'agreement' as const, archived: false };
  it('only partners accept or decline a proposal, and ask to archive an agreement in force; everyone may propose and comment', () => {
    expect(can({ role: 'partner' }, { type: 'agreement.accept' })).toBe(true);
    expect(can({ role: 'counselor' }, { type: 'agreement.accept' })).toBe(false);
    expect(can({ role: 'counselor' }, { type: 'agreement.archive' })).toBe(false);
    for (const role of ['partner', 'counselor'] as const) {
      expect(can({ role }, { type: 'agreement.propose' })).toBe(true);
      expect(can({ role }, { type: 'agreement.comment' })).toBe(true);
    }
    expect(can({ role: null }, { type: 'agreement.propose' })).toBe(false);
  });

  it('nobody writes a sealed document (an agreement in force, a closed proposal), though all may read it', () => {
    for (const role of ['partner', 'counselor'] as const) {
      expect(can({ role }, { type: 'document.write', document: { ...agreement, sealed: true } })).toBe(false);
      expect(can({ role }, { type: 'document.read', document: { ...agreement, sealed: true } })).toBe(true);
      expect(can({ role }, { type: 'document.write', document: { kind: 'proposal', archived: false } })).toBe(true);
    }
  });

  it('proposals are made only by the server and never listed with documents', () => {
    expect(can({ role: 'partner' }, { type: 'document.create', kind: 'proposal' })).toBe(false);
    expect(visibleKinds('counselor')).not.toContain('proposal');
    expect(visibleKinds('partner')).not.toContain('proposal');
  });

  it('an agreement in force needs both partners to archive it; a draft does not', () => {
    expect(archiveNeedsBothPartners({ ...agreement, sealed: true })).toBe(true);
    expect(archiveNeedsBothPartners(agreement)).toBe(false);
    expect(archiveNeedsBothPartners({ kind: 'notes', archived: false, sealed: true })).toBe(false);
  });
});

describe('ending a membership and exporting a workspace', () => {
  it('only the counselor removes, and only a partner, never themselves', () => {
    expect(can({ role: 'counselor' }, { type: 'workspace.member.remove', member: { role: 'partner', self: false } })).toBe(true);
    expect(can({ role: 'counselor' }, { type: 'workspace.member.remove', member: { role: 'counselor', self: true } })).toBe(false);
    expect(can({ role: 'partner' }, { type: 'workspace.member.remove', member: { role: 'partner', self: false } })).toBe(false);
    expect(can({ role: null }, { type: 'workspace.member.remove', member: { role: 'partner', self: false } })).toBe(false);
  });

  it('a partner may leave; the counselor keeps the workspace and cannot', () => {
    expect(can({ role: 'partner' }, { type: 'workspace.leave' })).toBe(true);
    expect(can({ role: 'counselor' }, { type: 'workspace.leave' })).toBe(false);
  });

  it('only the counselor exports the whole workspace', () => {
    expect(can({ role: 'counselor' }, { type: 'workspace.export' })).toBe(true);
    expect(can({ role: 'partner' }, { type: 'workspace.export' })).toBe(false);
    expect(can({ role: null }, { type: 'workspace.export' })).toBe(false);
  });
});

describe('renaming', () => {
  it('partners rename what people make; the documents the app makes (a session dialogue, a proposal) only the counselor renames', () => {
    expect(can({ role: 'partner' }, { type: 'document.rename', document: shared('notes') })).toBe(true);
    expect(can({ role: 'partner' }, { type: 'document.rename', document: shared('dialogue') })).toBe(false);
    expect(can({ role: 'partner' }, { type: 'document.rename', document: shared('proposal') })).toBe(false);
    expect(can({ role: 'counselor' }, { type: 'document.rename', document: shared('dialogue') })).toBe(true);
  });
});

describe('check-ins', () => {
  it('only the counselor sets the check-in and reads every partner’s answers; only a partner answers', () => {
    for (const type of ['check-in.define', 'check-in.read-all'] as const) {
      expect(can({ role: 'counselor' }, { type })).toBe(true);
      expect(can({ role: 'partner' }, { type })).toBe(false);
      expect(can({ role: null }, { type })).toBe(false);
    }
    expect(can({ role: 'partner' }, { type: 'check-in.answer' })).toBe(true);
    expect(can({ role: 'counselor' }, { type: 'check-in.answer' })).toBe(false);
    expect(can({ role: null }, { type: 'check-in.answer' })).toBe(false);
  });
});

describe('commitments', () => {
  const me = 'a0000000-0000-4000-8000-000000000001';
  const other = 'b0000000-0000-4000-8000-000000000002';
  it('a partner commits only on an active item that binds them (both, or them alone); the counselor never does', () => {
    expect(can({ role: 'partner' }, { type: 'commitment.make', item: { binds: 'both', status: 'active' }, me })).toBe(true);
    expect(can({ role: 'partner' }, { type: 'commitment.make', item: { binds: me, status: 'active' }, me })).toBe(true);
    expect(can({ role: 'partner' }, { type: 'commitment.make', item: { binds: other, status: 'active' }, me })).toBe(false);
    expect(can({ role: 'partner' }, { type: 'commitment.make', item: { binds: 'both', status: 'retired' }, me })).toBe(false);
    expect(can({ role: 'counselor' }, { type: 'commitment.make', item: { binds: 'both', status: 'active' }, me })).toBe(false);
  });

  it('a partner’s check-ins are theirs and the counselor’s: the other partner reads none of them', () => {
    expect(can({ role: 'partner' }, { type: 'commitment.check-ins.read', owner: { self: true } })).toBe(true);
    expect(can({ role: 'partner' }, { type: 'commitment.check-ins.read', owner: { self: false } })).toBe(false);
    expect(can({ role: 'counselor' }, { type: 'commitment.check-ins.read', owner: { self: false } })).toBe(true);
    expect(can({ role: null }, { type: 'commitment.check-ins.read', owner: { self: true } })).toBe(false);
    expect(can({ role: 'partner' }, { type: 'commitment.own', commitment: { self: false } })).toBe(false);
    expect(can({ role: 'partner' }, { type: 'commitment.rhythm' })).toBe(false);
    expect(can({ role: 'counselor' }, { type: 'commitment.rhythm' })).toBe(true);
  });
});

describe('progress', () => {
  it('only the counselor reads every partner’s progress side by side; a partner reads their own, a stranger nothing', () => {
    expect(can({ role: 'counselor' }, { type: 'progress.read-all' })).toBe(true);
    expect(can({ role: 'partner' }, { type: 'progress.read-all' })).toBe(false);
    expect(can({ role: null }, { type: 'progress.read-all' })).toBe(false);
  });
});

describe('drafts revealed together', () => {
  const draft = (sealed = false, archived = false) => ({ kind: 'draft' as const, archived, sealed, author: 'a' });
  it('before the reveal only its author reads or writes a draft: not the other partner, not the counselor, not a caller without an account id', () => {
    expect(can({ role: 'partner', accountId: 'a' }, { type: 'document.read', document: draft() })).toBe(true);
    expect(can({ role: 'partner', accountId: 'a' }, { type: 'document.write', document: draft() })).toBe(true);
    expect(can({ role: 'partner', accountId: 'b' }, { type: 'document.read', document: draft() })).toBe(false);
    expect(can({ role: 'partner', accountId: 'b' }, { type: 'document.write', document: draft() })).toBe(false);
    expect(can({ role: 'counselor', accountId: 'c' }, { type: 'document.read', document: draft() })).toBe(false);
    expect(can({ role: 'counselor', accountId: 'c' }, { type: 'document.write', document: draft() })).toBe(false);
    expect(can({ role: 'partner' }, { type: 'document.read', document: draft() })).toBe(false);
    expect(can({ role: 'partner' }, { type: 'document.read', document: { kind: 'draft', archived: false } })).toBe(false);
  });
  it('revealed (sealed): every member reads it, nobody writes it; withdrawn (archived): its author reads it, nobody writes it', () => {
    for (const actor of [{ role: 'partner' as const, accountId: 'a' }, { role: 'partner' as const, accountId: 'b' }, { role: 'counselor' as const, accountId: 'c' }]) {
      expect(can(actor, { type: 'document.read', document: draft(true) })).toBe(true);
      expect(can(actor, { type: 'document.write', document: draft(true) })).toBe(false);
    }
    expect(can({ role: null, accountId: 'x' }, { type: 'document.read', document: draft(true) })).toBe(false);
    expect(can({ role: 'partner', accountId: 'a' }, { type: 'document.read', document: draft(false, true) })).toBe(true);
    expect(can({ role: 'partner', accountId: 'a' }, { type: 'document.write', document: draft(false, true) })).toBe(false);
    expect(can({ role: 'partner', accountId: 'b' }, { type: 'document.read', document: draft(false, true) })).toBe(false);
  });
  it('a draft is never listed, made, renamed or archived by hand', () => {
    expect(visibleKinds('partner')).not.toContain('draft');
    expect(visibleKinds('counselor')).not.toContain('draft');
    expect(can({ role: 'partner', accountId: 'a' }, { type: 'document.create', kind: 'draft' })).toBe(false);
    expect(can({ role: 'counselor', accountId: 'c' }, { type: 'document.rename', document: draft() })).toBe(false);
    expect(can({ role: 'partner', accountId: 'a' }, { type: 'document.archive', document: draft() })).toBe(false);
  });
  it('the counselor opens, withdraws and reveals prompts; partners write drafts', () => {
    expect(can({ role: 'counselor' }, { type: 'reveal.moderate' })).toBe(true);
    expect(can({ role: 'partner' }, { type: 'reveal.moderate' })).toBe(false);
    expect(can({ role: 'partner' }, { type: 'reveal.draft' })).toBe(true);
    expect(can({ role: 'counselor' }, { type: 'reveal.draft' })).toBe(false);
  });
});
