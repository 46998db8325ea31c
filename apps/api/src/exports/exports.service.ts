import { Inject, Injectable } from '@nestjs/common';
import { Role } from '@kinship/domain/rules';
import { exportFileName, HistoryEdit, HistoryPerson, WorkspaceSummary } from '@kinship/domain/wire';
import { DomainError } from '../common/domain-error';
import type { DocumentRecord } from '../documents/documents.repository';
import { DocumentsService } from '../documents/documents.service';
import { DocumentHistoryService } from '../documents/history/document-history.service';
import { SyncService } from '../sync/sync.service';
import { SessionRecordsService } from '../live-sessions/session-records.service';
import { AgreementReadsService } from '../agreements/agreement-reads.service';
import { AgreementExportService } from '../agreements/agreement-export';
import { AccessService } from '../workspaces/access.service';
import { MembershipsRepository } from '../workspaces/memberships.repository';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { AUDIT_TRAIL, AuditTrail, auditEntriesForAccount, auditEntriesForWorkspace } from './audit-entries';
import { documentMarkdown, revealMarkdown } from './document-markdown';
import { ExportsRepository } from './exports.repository';
import { pathSegment, ZipWriter } from './zip-writer';
import { AUDIT_DEED, EventBus, InjectEventBus } from '../events/events';
import { CheckInsService } from '../check-ins/check-ins.service';
import { SafetyService } from '../safety/safety.service';
import { RepairsService } from '../repairs/repairs.service';
import { RevealsService } from '../reveals/reveals.service';

/** An export, checked and ready to stream: its file name, and what writes it into a zip. */
export interface ExportPlan {
  fileName: string;
  write(zip: ZipWriter): Promise<void>;
}

/**
 * Exports as zips of Markdown and JSON. A person's own records: for each workspace they are in,
 * every document they may read (`can()` on each, so never a counselor's private notes for a
 * partner) as it stands and its history, the live sessions they joined, the check-in, safety
 * channel, guided repairs and drafts revealed together as they see them; their notifications; their
 * audit entries. The counselor's workspace export: every document and every record of it, the
 * private notes and observations included. Every read goes through the features' own services,
 * which check the caller again.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly documents: DocumentsService,
    private readonly history: DocumentHistoryService,
    private readonly sync: SyncService,
    private readonly sessions: SessionRecordsService,
    private readonly agreements: AgreementReadsService,
    private readonly agreementExport: AgreementExportService,
    private readonly access: AccessService,
    private readonly memberships: MembershipsRepository,
    private readonly workspaces: WorkspacesService,
    private readonly repository: ExportsRepository,
    private readonly checkIns: CheckInsService,
    private readonly safety: SafetyService,
    private readonly repairs: RepairsService,
    private readonly reveals: RevealsService,
    @InjectEventBus() private readonly events: EventBus,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
  ) {}

  /** The caller's own records, in every workspace they are in. */
  async personal(accountId: string, at = new Date()): Promise<ExportPlan> {
    const [account] = await this.repository.account(accountId);
    if (!account) throw new DomainError('not_found', 'Account was not found');
    await this.events.emitAsync(AUDIT_DEED, { kind: 'records-exported', accountId });
    return {
      fileName: exportFileName(`records ${account.display_name}`, at),
      write: async (zip) => {
        const workspaces = await this.memberships.workspacesOf(accountId);
        await zip.add('README.md', readme('your records', at, workspaces.length));
        await zip.addJson('account.json', { id: account.id, email: account.email, name: account.display_name, createdAt: new Date(account.created_at).toISOString(), exportedAt: at.toISOString() });
        for (const workspace of workspaces) await this.writeWorkspace(zip, `workspaces/${pathSegment(workspace.name, 'Workspace')} (${workspace.id.slice(0, 8)})`, workspace, accountId, false);
        await zip.addJson('notifications.json', await this.repository.notificationsOf(accountId));
        await zip.addJson('audit.json', await auditEntriesForAccount(this.audit, accountId, account.email));
      },
    };
  }

  /** Every record of a workspace: the counselor's alone. */
  async workspace(workspaceId: string, accountId: string, at = new Date()): Promise<ExportPlan> {
    const role = await this.access.require(workspaceId, accountId, { type: 'workspace.export' });
    const detail = await this.workspaces.detail(workspaceId, accountId);
    await this.events.emitAsync(AUDIT_DEED, { kind: 'workspace-exported', accountId, workspaceId });
    return {
      fileName: exportFileName(`workspace ${detail.name}`, at),
      write: async (zip) => {
        await zip.add('README.md', readme('the whole workspace', at, 1));
        await zip.addJson('workspace.json', { id: detail.id, name: detail.name, createdAt: detail.createdAt, members: detail.members, exportedAt: at.toISOString() });
        await this.writeWorkspace(zip, '', { id: detail.id, name: detail.name, role }, accountId, true);
        await zip.addJson('notifications.json', await this.repository.notificationsIn(workspaceId));
        await zip.addJson('audit.json', await auditEntriesForWorkspace(this.audit, workspaceId, accountId));
      },
    };
  }

  private async writeWorkspace(zip: ZipWriter, base: string, workspace: WorkspaceSummary, accountId: string, whole: boolean): Promise<void> {
    const at = (path: string) => (base ? `${base}/${path}` : path);
    if (!whole) await zip.addJson(at('workspace.json'), { id: workspace.id, name: workspace.name, yourRole: workspace.role });
    // Only the documents `can()` lets this person read (the service checks every one).
    for (const document of await this.documents.readableIn(workspace.id, accountId)) {
      const folder = at(`documents/${document.kind}/${pathSegment(document.title, 'Untitled')} (${document.id.slice(0, 8)})`);
      await zip.add(`${folder}/document.md`, documentMarkdown(document, await this.sync.storedState(document.id)));
      await zip.addJson(`${folder}/history.json`, await this.documentHistory(document, accountId));
      if (document.kind === 'agreement') await this.writeVersions(zip, `${folder}/versions`, document, accountId);
    }
    // The check-in: the counselor's table of both partners' answers; a partner's own answers and what was shared with them.
    await zip.addJson(at('check-ins.json'), await this.checkIns.records(workspace.id, accountId));
    // The safety channel: the counselor's whole view; a partner's own answers and thread, nothing of the other's.
    await zip.addJson(at('safety.json'), await this.safety.records(workspace.id, accountId));
    // Guided repairs, every one, as this person sees it: a partner's own apology drafts, never the other's; the counselor's: every entry, no draft.
    await zip.addJson(at('repairs.json'), await this.repairs.records(workspace.id, accountId));
    // Drafts revealed together: each prompt, with only the drafts this person may read (their own; another's once revealed).
    for (const prompt of await this.reveals.records(workspace.id, accountId)) {
      const states = new Map<string, Uint8Array>();
      for (const draft of prompt.drafts) states.set(draft.document.id, await this.sync.storedState(draft.document.id));
      await zip.add(at(`reveals/${prompt.openedAt.toISOString().slice(0, 10)} ${pathSegment(prompt.text, 'Prompt')} (${prompt.id.slice(0, 8)}).md`), revealMarkdown(prompt, states));
    }
    for (const summary of await this.sessions.list(workspace.id, accountId)) {
      const record = await this.sessions.get(summary.id, accountId);
      const name = `${summary.startedAt.slice(0, 10)} (${summary.id.slice(0, 8)})`;
      await zip.addJson(at(`live-sessions/${name}.json`), record);
      if (whole && canSeeObservations(workspace.role)) await zip.addJson(at(`live-sessions/${name} private observations.json`), await this.sessions.observations(summary.id, accountId));
    }
  }

  /** Every edit (oldest first), who made them, and who wrote each part of the document as it stands. */
  private async documentHistory(document: DocumentRecord, accountId: string) {
    const edits: HistoryEdit[] = [];
    const people = new Map<string, HistoryPerson>();
    let beginsAt: string | null;
    let before: string | null = null;
    do {
      const page = await this.history.list(document.id, accountId, before);
      edits.push(...page.edits);
      for (const p of page.people) people.set(p.id, p);
      beginsAt = page.beginsAt;
      before = page.nextBefore;
    } while (before !== null);
    const authorship = await this.history.authorship(document.id, accountId);
    for (const p of authorship.people) people.set(p.id, p);
    return {
      document: { id: document.id, kind: document.kind, title: document.title, createdAt: document.createdAt.toISOString(), archivedAt: document.archivedAt?.toISOString() ?? null },
      beginsAt,
      edits: edits.reverse(),
      authorship: authorship.blocks,
      people: [...people.values()],
    };
  }

  private async writeVersions(zip: ZipWriter, folder: string, agreement: DocumentRecord, accountId: string): Promise<void> {
    for (const version of await this.agreements.versions(agreement.id, accountId)) {
      const file = await this.agreementExport.markdown(agreement.id, version.number, accountId);
      await zip.add(`${folder}/v${version.number}.md`, file.body);
    }
  }
}

const canSeeObservations = (role: Role) => role === 'counselor';

function readme(what: string, at: Date, workspaces: number): string {
  return [
    `# Kinship: ${what}`,
    '',
    `Exported ${at.toISOString()}. ${workspaces === 1 ? 'One workspace' : `${workspaces} workspaces`}.`,
    '',
    '- `documents/<kind>/<title>/document.md`: each document as it stands now.',
    '- `documents/<kind>/<title>/history.json`: every edit (who, when, words added and removed) and who wrote each part.',
    '- `documents/agreement/<title>/versions/`: each version in force, with who accepted it.',
    '- `live-sessions/`: the record of each live session.',
    '- `check-ins.json`: the check-in’s questions and answers (a partner’s own, and any answer shared with them; the counselor’s: both partners’).',
    '- `safety.json`: the safety channel (a partner’s own answers and messages with the counselor; the counselor’s: every partner’s, the alerts and the pause).',
    '- `repairs.json`: every guided repair, as you see it (a partner’s own apology drafts included).',
    '- `reveals/`: each prompt of drafts revealed together, with the drafts you may read (a partner’s own; both once revealed).',
    '- `notifications.json`, `audit.json`: notifications, and the audit entries.',
    '',
  ].join('\n');
}
