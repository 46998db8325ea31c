import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Action, can, commitmentRetiredWords, DEFAULT_COMMITMENT_RHYTHM, mondayOf, parseUtcDay, periodOf, periodsOfWeek, Role, type CommitmentRetiredReason, type CommitmentRhythm } from '@kinship/domain/rules';
import type { AgreementItem } from '@kinship/domain/agreements';
import {
  CommitmentCheckInBody,
  CommitmentCheckInView,
  CommitmentsView,
  CommitmentView,
  CommitmentWeekView,
  EditCommitmentBody,
  FORMER_MEMBER_NAME,
  MakeCommitmentBody,
} from '@kinship/domain/wire';
import { DomainError } from '../common/domain-error';
import { AccessService } from '../workspaces/access.service';
import { MembershipsRepository } from '../workspaces/memberships.repository';
import { AgreementsRepository } from '../agreements/agreements.repository';
import { CommitmentRow, CommitmentsRepository } from './commitments.repository';

/** What a commitment view needs beside its row: agreements' titles, items by version, people's names. */
interface ViewContext {
  names: Map<string, string>;
  titles: Map<string, string>;
  items: Map<string, AgreementItem[]>;
}

/**
 * Commitments: a partner's own promises on items of the agreement in force that bind them, and
 * their check-ins, one per period of the workspace's rhythm. Every rule is `can()`'s; a partner's
 * check-ins reach only them and the counselor, and no response to the other partner changes when
 * one is made. A new version in force carries a commitment whose item still binds its author, and
 * retires the others with the reason (checked on every read and write, so it never waits for a job).
 */
@Injectable()
export class CommitmentsService {
  /** The clock periods are read from (a spec may move it). */
  now: () => Date = () => new Date();

  constructor(
    private readonly repository: CommitmentsRepository,
    private readonly access: AccessService,
    private readonly memberships: MembershipsRepository,
    private readonly agreements: AgreementsRepository,
  ) {}

  async list(workspaceId: string, accountId: string): Promise<CommitmentsView> {
    await this.member(workspaceId, accountId);
    const rows = await this.followVersions(workspaceId);
    const context = await this.context(workspaceId, rows);
    return { rhythm: await this.rhythm(workspaceId), commitments: rows.map((r) => this.view(r, context)) };
  }

  async make(workspaceId: string, accountId: string, body: MakeCommitmentBody): Promise<CommitmentView> {
    const role = await this.member(workspaceId, accountId);
    const agreement = await this.repository.agreementDocument(body.agreementId);
    if (!agreement || agreement.workspaceId !== workspaceId || agreement.kind !== 'agreement') throw new DomainError('not_found', 'Agreement was not found');
    const inForce = await this.agreements.latestVersion(body.agreementId);
    if (!inForce) throw new DomainError('conflict', 'This agreement has no version in force yet: commitments are made on items both partners have accepted');
    const item = inForce.items.find((i) => i.id === body.itemId);
    if (!item) throw new DomainError('not_found', 'That item is not in the version in force');
    if (!can({ role }, { type: 'commitment.make', item, me: accountId })) {
      if (role !== 'partner') throw new DomainError('forbidden', 'Only a partner makes commitments, on an item that binds them');
      if (item.status !== 'active') throw new DomainError('forbidden', 'This item is retired: it binds no one now');
      throw new DomainError('forbidden', 'This item binds the other partner: only they make commitments on it');
    }
    const id = randomUUID();
    await this.repository.insert({ id, workspaceId, agreementId: body.agreementId, itemId: item.id, accountId, text: body.text, version: inForce.number });
    return this.viewOf(id);
  }

  async edit(commitmentId: string, accountId: string, body: EditCommitmentBody): Promise<CommitmentView> {
    const row = await this.ownStanding(commitmentId, accountId);
    await this.repository.reword(row, body.text);
    return this.viewOf(commitmentId);
  }

  async retire(commitmentId: string, accountId: string): Promise<CommitmentView> {
    await this.ownStanding(commitmentId, accountId);
    await this.repository.retire(commitmentId, 'by-owner', null);
    return this.viewOf(commitmentId);
  }

  async setRhythm(workspaceId: string, accountId: string, rhythm: CommitmentRhythm): Promise<CommitmentsView> {
    const role = await this.member(workspaceId, accountId);
    if (!can({ role }, { type: 'commitment.rhythm' })) throw new DomainError('forbidden', 'The counselor sets the rhythm, with both of you');
    await this.repository.setRhythm(workspaceId, rhythm, accountId);
    return this.list(workspaceId, accountId);
  }

  /** Kept, partly or not this time, for the period now (made, or changed within it). */
  async checkIn(commitmentId: string, period: string, accountId: string, body: CommitmentCheckInBody): Promise<CommitmentCheckInView> {
    const row = await this.ownStanding(commitmentId, accountId);
    if (!parseUtcDay(period)) throw new DomainError('invalid', 'A period is named by its first day, YYYY-MM-DD', 'period');
    const current = periodOf(await this.rhythm(row.workspaceId), this.now());
    if (period !== current) throw new DomainError('conflict', `A check-in is made or changed within its period; the period now began on ${current}`);
    await this.repository.upsertCheckIn(row.workspaceId, row.id, period, body.outcome, body.note ? body.note : null, randomUUID());
    return { period, outcome: body.outcome, note: body.note ? body.note : null };
  }

  /**
   * One week (the one holding `of`, or this one): a partner sees their own commitments and
   * check-ins; the counselor sees each partner's. Nobody sees another partner's check-ins.
   */
  async week(workspaceId: string, accountId: string, of: string | undefined): Promise<CommitmentWeekView> {
    const role = await this.member(workspaceId, accountId);
    let at = this.now();
    if (of !== undefined) {
      const day = parseUtcDay(of);
      if (!day) throw new DomainError('invalid', 'The week is named by a day, YYYY-MM-DD', 'of');
      at = day;
    }
    const all = await this.followVersions(workspaceId);
    const rhythm = await this.rhythm(workspaceId);
    const weekOf = mondayOf(at);
    const periods = periodsOfWeek(rhythm, weekOf);
    const weekEnds = new Date(parseUtcDay(weekOf)!.getTime() + 7 * 86_400_000);
    const rows = all.filter(
      (r) => r.createdAt < weekEnds && (r.retiredAt === null || r.retiredAt >= parseUtcDay(weekOf)!),
    );
    const context = await this.context(workspaceId, rows);
    const members = await this.memberships.membersOf(workspaceId);
    const people = members
      .filter((m) => m.role === 'partner')
      .filter((m) => can({ role }, { type: 'commitment.check-ins.read', owner: { self: m.accountId === accountId } }));
    const mine = rows.filter((r) => people.some((p) => p.accountId === r.accountId));
    const checkIns = await this.repository.checkIns(
      workspaceId,
      mine.map((r) => r.id),
      periods,
    );
    return {
      rhythm,
      weekOf,
      periods,
      currentPeriod: periodOf(rhythm, this.now()),
      people: people.map((p) => ({
        accountId: p.accountId,
        name: p.displayName,
        commitments: mine
          .filter((r) => r.accountId === p.accountId)
          .map((r) => ({
            commitment: this.view(r, context),
            checkIns: checkIns.filter((c) => c.commitmentId === r.id).map((c) => ({ period: c.period, outcome: c.outcome, note: c.note })),
          })),
      })),
    };
  }

  // ---- carrying commitments into new versions ----

  /**
   * For each agreement with standing commitments: when a newer version is in force, a commitment
   * whose item is still there, active and binding its author is carried into it; the others are
   * retired with the reason. Idempotent, so any read or write may run it, in any process. The
   * workspace's commitments as they are then (read once more only when something moved).
   */
  private async followVersions(workspaceId: string): Promise<CommitmentRow[]> {
    const rows = await this.repository.list(workspaceId);
    const standing = rows.filter((r) => r.retiredAt === null);
    let moved = false;
    for (const agreementId of new Set(standing.map((r) => r.agreementId))) {
      const inForce = await this.agreements.latestVersion(agreementId);
      if (!inForce) continue;
      for (const row of standing.filter((r) => r.agreementId === agreementId && r.version < inForce.number)) {
        const reason = whyRetired(row, inForce.items);
        if (reason) await this.repository.retire(row.id, reason, inForce.number);
        else await this.repository.carry(row.id, inForce.number);
        moved = true;
      }
    }
    return moved ? this.repository.list(workspaceId) : rows;
  }

  // ---- helpers ----

  private async member(workspaceId: string, accountId: string): Promise<Role> {
    return this.access.require(workspaceId, accountId, { type: 'commitment.list' } satisfies Action);
  }

  private async rhythm(workspaceId: string): Promise<CommitmentRhythm> {
    return (await this.repository.rhythm(workspaceId)) ?? DEFAULT_COMMITMENT_RHYTHM;
  }

  /** The caller's own commitment, still standing (after following new versions). */
  private async ownStanding(commitmentId: string, accountId: string): Promise<CommitmentRow> {
    const found = await this.repository.find(commitmentId);
    const role = found ? await this.access.roleIn(found.workspaceId, accountId) : null;
    if (!found || role === null) throw new DomainError('not_found', 'Commitment was not found');
    if (!can({ role }, { type: 'commitment.own', commitment: { self: found.accountId === accountId } })) throw new DomainError('forbidden', 'Only its author changes a commitment or checks in on it');
    const row = (await this.followVersions(found.workspaceId)).find((r) => r.id === commitmentId)!;
    if (row.retiredAt !== null) throw new DomainError('conflict', `This commitment is retired and kept as it was. ${commitmentRetiredWords(row.retiredReason!, row.retiredInVersion)}`);
    return row;
  }

  private async viewOf(commitmentId: string): Promise<CommitmentView> {
    const row = (await this.repository.find(commitmentId))!;
    return this.view(row, await this.context(row.workspaceId, [row]));
  }

  private async context(workspaceId: string, rows: CommitmentRow[]): Promise<ViewContext> {
    const names = new Map((await this.memberships.membersOf(workspaceId)).map((m) => [m.accountId, m.displayName]));
    const titles = new Map<string, string>();
    const items = new Map<string, AgreementItem[]>();
    for (const r of rows) {
      if (!titles.has(r.agreementId)) titles.set(r.agreementId, (await this.repository.agreementDocument(r.agreementId))?.title ?? '');
      const key = `${r.agreementId}:${r.version}`;
      if (!items.has(key)) items.set(key, (await this.agreements.version(r.agreementId, r.version))?.items ?? []);
    }
    return { names, titles, items };
  }

  private view(r: CommitmentRow, c: ViewContext): CommitmentView {
    return {
      id: r.id,
      workspaceId: r.workspaceId,
      agreementId: r.agreementId,
      agreementTitle: c.titles.get(r.agreementId) ?? '',
      itemId: r.itemId,
      itemTitle: c.items.get(`${r.agreementId}:${r.version}`)?.find((i) => i.id === r.itemId)?.title ?? '',
      version: r.version,
      author: { accountId: r.accountId, name: c.names.get(r.accountId) ?? FORMER_MEMBER_NAME },
      text: r.text,
      createdAt: r.createdAt.toISOString(),
      retired:
        r.retiredAt === null
          ? null
          : { at: r.retiredAt.toISOString(), reason: r.retiredReason!, inVersion: r.retiredInVersion, words: commitmentRetiredWords(r.retiredReason!, r.retiredInVersion) },
    };
  }
}

/** Why a commitment cannot be carried into a version with these items; null when it can. */
function whyRetired(row: CommitmentRow, items: AgreementItem[]): CommitmentRetiredReason | null {
  const item = items.find((i) => i.id === row.itemId);
  if (!item) return 'item-gone';
  if (item.status !== 'active') return 'item-retired';
  if (item.binds !== 'both' && item.binds !== row.accountId) return 'item-no-longer-binds';
  return null;
}
