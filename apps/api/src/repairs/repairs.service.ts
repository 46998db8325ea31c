import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import * as Y from 'yjs';
import { applyRepairMove, can, JOINT_WORK_PAUSED_WORDS, newRepair, outcomeRefusal, RepairActor, RepairKind, RepairState, Role } from '@kinship/domain/rules';
import { AGREEMENT_FRAGMENT, newAgreementItem, writeAgreementItems } from '@kinship/domain/agreements';
import { FORMER_MEMBER_NAME, RepairApologyBody, RepairMoveBody, RepairsView, RepairView, visibleRepair } from '@kinship/domain/wire';
import { DomainError } from '../common/domain-error';
import { Transactions, type Tx } from '../database/transactions';
import { AccessService } from '../workspaces/access.service';
import { MembershipsRepository } from '../workspaces/memberships.repository';
import { LiveDoor } from '../realtime/live-door.gateway';
import { AgreementsService } from '../agreements/agreements.service';
import { AgreementsRepository } from '../agreements/agreements.repository';
import { docFrom } from '../agreements/agreement-content';
import { SyncService } from '../sync/sync.service';
import { CommitmentsService } from '../commitments/commitments.service';
import { JointWorkPauses } from '../safety/joint-work-pauses';
import { RepairRow, RepairsRepository } from './repairs.repository';

const NOT_FOUND = 'Repair was not found';

/**
 * Guided repair: the two partners go through an incident step by step, each step gated on both.
 * Every move is checked by the pure step machine (`applyRepairMove` in libs/domain) inside a
 * transaction that holds the repair's row, so two phones moving at once never lose a move. Each
 * change is told over `/live` to every member's sockets (a frame with no words: pages read again).
 */
@Injectable()
export class RepairsService {
  /** The clock breaks are measured on (a spec may move it; a client never can). */
  now: () => Date = () => new Date();

  constructor(
    private readonly repository: RepairsRepository,
    private readonly access: AccessService,
    private readonly memberships: MembershipsRepository,
    private readonly transactions: Transactions,
    private readonly door: LiveDoor,
    private readonly agreements: AgreementsService,
    private readonly agreementVersions: AgreementsRepository,
    private readonly sync: SyncService,
    private readonly commitments: CommitmentsService,
    private readonly jointWork: JointWorkPauses,
  ) {}

  async list(workspaceId: string, accountId: string): Promise<RepairsView> {
    const role = await this.access.require(workspaceId, accountId, { type: 'repair.view' });
    const current = await this.repository.current(workspaceId);
    const past = (await this.repository.past(workspaceId)).filter((p) => p.id !== current?.id);
    return {
      betrayalUnlocked: await this.repository.betrayalUnlocked(workspaceId),
      current: current ? await this.view(current, accountId, role) : null,
      past: past.map((p) => ({ id: p.id, kind: p.kind, status: p.status, step: p.step, startedAt: p.startedAt.toISOString(), endedAt: p.updatedAt.toISOString() })),
    };
  }

  async get(repairId: string, accountId: string): Promise<RepairView> {
    const { row, role } = await this.reach(repairId, accountId);
    return this.view(row, accountId, role);
  }

  /**
   * What a records download holds of repairs: every repair of the workspace, current and past, as
   * this person sees it (`visibleRepair`; a partner's own apology draft, even of a repair that has
   * ended, since it is their own writing; never anyone else's draft, and none for the counselor).
   */
  async records(workspaceId: string, accountId: string): Promise<{ betrayalUnlocked: boolean; repairs: RepairView[] }> {
    const role = await this.access.require(workspaceId, accountId, { type: 'repair.view' });
    const repairs: RepairView[] = [];
    for (const row of await this.repository.all(workspaceId)) repairs.push(await this.view(row, accountId, role, { endedDraft: true }));
    return { betrayalUnlocked: await this.repository.betrayalUnlocked(workspaceId), repairs };
  }

  async start(workspaceId: string, accountId: string, kind: RepairKind): Promise<RepairView> {
    const role = await this.access.require(workspaceId, accountId, { type: 'repair.view' });
    const betrayalUnlocked = await this.repository.betrayalUnlocked(workspaceId);
    if (!can({ role, jointWorkPaused: await this.jointWork.isPaused(workspaceId) }, { type: 'repair.start', kind: 'incident', betrayalUnlocked })) {
      throw new DomainError('conflict', JOINT_WORK_PAUSED_WORDS);
    }
    if (!can({ role }, { type: 'repair.start', kind, betrayalUnlocked })) {
      throw new DomainError('forbidden', 'Betrayal repair opens only when your counselor unlocks it for you both');
    }
    const members = await this.memberships.membersOf(workspaceId);
    const partners = members.filter((m) => m.role === 'partner').map((m) => m.accountId);
    if (partners.length !== 2) throw new DomainError('conflict', 'A repair needs both partners in the workspace');
    // The partner who starts tells their view first.
    const order: [string, string] = partners[1] === accountId ? [partners[1], partners[0]!] : [partners[0]!, partners[1]!];
    const id = randomUUID();
    if (!(await this.repository.insert(id, workspaceId, accountId, newRepair(kind, order)))) {
      throw new DomainError('conflict', 'A repair is already under way in this workspace: finish it or set it aside first');
    }
    const row = (await this.repository.find(id))!;
    this.tell(row.workspaceId, id, row.version, members.map((m) => m.accountId));
    return this.view(row, accountId, role);
  }

  async setBetrayalUnlocked(workspaceId: string, accountId: string, unlocked: boolean): Promise<RepairsView> {
    const role = await this.access.require(workspaceId, accountId, { type: 'repair.view' });
    if (!can({ role }, { type: 'repair.unlock-betrayal' })) throw new DomainError('forbidden', 'Only the counselor unlocks betrayal repair');
    await this.repository.setBetrayalUnlocked(workspaceId, unlocked, accountId);
    return this.list(workspaceId, accountId);
  }

  /** One move, the caller's own, checked by the step machine while the repair's row is held. */
  async move(repairId: string, accountId: string, move: RepairMoveBody): Promise<RepairView> {
    // The counselor paused the workspace's joint work: no step is taken (a break, or setting the repair aside, still is).
    if (move.type !== 'break' && move.type !== 'close' && move.type !== 'pause' && move.type !== 'unpause') await this.requireJointWork(repairId, accountId);
    return this.change(repairId, accountId, (state, actor, names) => {
      // Who may make this kind of move at all is `can()`'s; the step machine then judges the moment.
      if ((move.type === 'pause' || move.type === 'unpause') && !can({ role: actor.role }, { type: 'repair.pause' })) {
        throw new DomainError('forbidden', 'Only the counselor pauses or resumes a repair');
      }
      if (move.type !== 'pause' && move.type !== 'unpause' && move.type !== 'close' && !can({ role: actor.role }, { type: 'repair.take-part' })) {
        throw new DomainError('forbidden', 'The partners do the repair’s steps themselves; the counselor can pause it');
      }
      const result = applyRepairMove(state, actor, move, this.now(), names);
      if (!result.ok) throw new DomainError(result.code, result.message);
      return result.state;
    });
  }

  /**
   * The apology builder: kept as the caller's draft (theirs alone: nothing anyone else reads
   * changes, no frame goes out), or sent, when it joins the repair for both partners to read.
   */
  async apology(repairId: string, accountId: string, body: RepairApologyBody): Promise<RepairView> {
    const { did, impact, will, see } = body;
    if (body.send) await this.requireJointWork(repairId, accountId);
    if (!body.send) {
      const { row, role } = await this.reach(repairId, accountId);
      if (!can({ role }, { type: 'repair.take-part' }) || !row.state.partners.includes(accountId)) throw new DomainError('forbidden', 'Only a partner in this repair builds an apology');
      // A draft is refused where a sent apology would be (a break, a pause, a repair that ended).
      const check = applyRepairMove(row.state, { accountId, role: 'partner' }, { type: 'apology', apology: { did, impact, will, see } }, this.now());
      if (!check.ok) throw new DomainError(check.code, check.message);
      await this.repository.saveDraft(repairId, row.workspaceId, accountId, { did, impact, will, see });
      return this.view(row, accountId, role);
    }
    return this.change(
      repairId,
      accountId,
      (state, actor, names) => {
        const result = applyRepairMove(state, actor, { type: 'apology', apology: { did, impact, will, see } }, this.now(), names);
        if (!result.ok) throw new DomainError(result.code, result.message);
        return result.state;
      },
      (tx) => this.repository.dropDraft(repairId, accountId, tx),
    );
  }

  /**
   * The caller's "one thing" as a new item (binding them) in a proposal on an agreement in force of
   * the same workspace, opened through the agreements service as any proposal is; both partners then
   * accept it there, or not.
   */
  async toProposal(repairId: string, accountId: string, agreementId: string): Promise<RepairView> {
    const { row, role } = await this.reach(repairId, accountId);
    this.outcomeAllowed(row.state, accountId, role, 'proposal');
    await this.sameWorkspaceAgreement(row, agreementId);
    const name = (await this.names(row.workspaceId)).get(accountId) ?? FORMER_MEMBER_NAME;
    const thing = row.state.differently[accountId]!;
    const proposal = await this.agreements.propose(agreementId, accountId, { title: `From our repair: ${name}’s one thing` });
    const doc = docFrom(await this.sync.storedState(proposal.id));
    try {
      const before = Y.encodeStateVector(doc);
      writeAgreementItems(doc.getXmlFragment(AGREEMENT_FRAGMENT), [newAgreementItem({ title: 'One thing I will do differently', text: thing, binds: accountId })]);
      await this.sync.writeFromServer(proposal.id, Y.encodeStateAsUpdate(doc, before), accountId);
    } finally {
      doc.destroy();
    }
    return this.recordOutcome(repairId, accountId, { agreementId, proposalId: proposal.id });
  }

  /** The caller's "one thing" as their commitment on an item of the agreement in force that binds them. */
  async toCommitment(repairId: string, accountId: string, agreementId: string, itemId: string): Promise<RepairView> {
    const { row, role } = await this.reach(repairId, accountId);
    this.outcomeAllowed(row.state, accountId, role, 'commitment');
    await this.sameWorkspaceAgreement(row, agreementId);
    const made = await this.commitments.make(row.workspaceId, accountId, { agreementId, itemId, text: row.state.differently[accountId]!.slice(0, 500) });
    return this.recordOutcome(repairId, accountId, { agreementId, commitmentId: made.id });
  }

  // ---- helpers ----

  private outcomeAllowed(state: RepairState, accountId: string, role: Role, what: 'proposal' | 'commitment'): void {
    const refusal = outcomeRefusal(state, { accountId, role }, what, this.now());
    if (refusal) throw new DomainError(refusal.code, refusal.message);
  }

  private async sameWorkspaceAgreement(row: RepairRow, agreementId: string): Promise<void> {
    const found = await this.repository.agreementOf(agreementId);
    if (!found || found.workspaceId !== row.workspaceId || found.kind !== 'agreement') throw new DomainError('not_found', 'Agreement was not found in this workspace');
    if (!(await this.agreementVersions.latestVersion(agreementId))) {
      throw new DomainError('conflict', 'This agreement has no version in force yet: once both of you have accepted one, your one thing can join it');
    }
  }

  private recordOutcome(repairId: string, accountId: string, made: { agreementId: string; proposalId?: string; commitmentId?: string }): Promise<RepairView> {
    // The proposal or commitment is made by now: it is recorded whatever happened meanwhile (a
    // break called, a pause), so the repair never loses the way to it.
    return this.change(repairId, accountId, (state) => {
      const next = structuredClone(state);
      next.outcomes[accountId] = { ...next.outcomes[accountId], ...made };
      return next;
    });
  }

  /** Reads, changes and stores a repair in one transaction holding its row; then tells every member. */
  private async change(
    repairId: string,
    accountId: string,
    apply: (state: RepairState, actor: RepairActor, name: (id: string) => string) => RepairState,
    alsoInTx?: (tx: Tx) => Promise<void>,
  ): Promise<RepairView> {
    const workspaceId = await this.repository.workspaceOf(repairId);
    const role = workspaceId ? await this.access.roleIn(workspaceId, accountId) : null;
    if (!workspaceId || role === null) throw new DomainError('not_found', NOT_FOUND);
    const names = await this.names(workspaceId);
    const name = (id: string) => names.get(id) ?? FORMER_MEMBER_NAME;
    const saved = await this.transactions.run(async (tx) => {
      const row = (await this.repository.find(repairId, tx))!;
      const state = apply(row.state, { accountId, role: role === 'counselor' ? 'counselor' : 'partner' }, name);
      const version = await this.repository.save(row, state, tx);
      if (alsoInTx) await alsoInTx(tx);
      return { ...row, state, status: state.status, step: state.step, version };
    });
    this.tell(workspaceId, repairId, saved.version, [...names.keys()]);
    return this.view(saved, accountId, role);
  }

  /** `repair:changed` to every socket of every member (whatever page each has open): no words, only which repair and its version. */
  private tell(workspaceId: string, repairId: string, version: number, memberIds: string[]): void {
    this.door.send(
      memberIds.map((person) => ({ person })),
      'repair:changed',
      { workspaceId, repairId, version },
    );
  }

  /** A partner's step while the counselor has paused the workspace's joint work: refused, in the same neutral words for both. */
  private async requireJointWork(repairId: string, accountId: string): Promise<void> {
    const { row, role } = await this.reach(repairId, accountId);
    if (!can({ role }, { type: 'repair.take-part' })) return;
    if (!can({ role, jointWorkPaused: await this.jointWork.isPaused(row.workspaceId) }, { type: 'repair.take-part' })) throw new DomainError('conflict', JOINT_WORK_PAUSED_WORDS);
  }

  private async reach(repairId: string, accountId: string): Promise<{ row: RepairRow; role: Role }> {
    const row = await this.repository.find(repairId);
    const role = row ? await this.access.roleIn(row.workspaceId, accountId) : null;
    if (!row || role === null || !can({ role }, { type: 'repair.view' })) throw new DomainError('not_found', NOT_FOUND);
    return { row, role };
  }

  private async names(workspaceId: string): Promise<Map<string, string>> {
    return new Map((await this.memberships.membersOf(workspaceId)).map((m) => [m.accountId, m.displayName]));
  }

  /** The repair as this person sees it; their own apology draft while it is open (or, for their records, `endedDraft`, whatever its status). */
  private async view(row: RepairRow, accountId: string, role: Role, options: { endedDraft?: boolean } = {}): Promise<RepairView> {
    const names = await this.names(row.workspaceId);
    const name = (id: string) => names.get(id) ?? FORMER_MEMBER_NAME;
    const person = (id: string) => ({ accountId: id, name: name(id) });
    // Only ever the caller's own draft: the draft is read by the caller's own account id.
    const mine = role === 'partner' && row.state.partners.includes(accountId) && (row.state.status === 'open' || options.endedDraft) ? await this.repository.draft(row.id, row.workspaceId, accountId) : null;
    return {
      id: row.id,
      workspaceId: row.workspaceId,
      version: row.version,
      startedAt: row.startedAt.toISOString(),
      startedBy: person(row.startedBy),
      partners: row.state.partners.map(person),
      ...visibleRepair(row.state, { accountId, role: role === 'counselor' ? 'counselor' : 'partner' }, name),
      myApologyDraft: mine,
    };
  }
}
