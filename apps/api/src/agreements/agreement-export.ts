import { Injectable } from '@nestjs/common';
import { agreementVersionMarkdown, BINDS_BOTH, markdownAttachmentDisposition } from '@kinship/domain/agreements';
import { DomainError } from '../common/domain-error';
import { DocumentsService } from '../documents/documents.service';
import { AgreementsRepository } from './agreements.repository';
import { toVersionView } from './agreement-views';

/** A file to hand to the person asking: its bytes and the headers that name it. */
export interface ExportedFile {
  body: Buffer;
  contentType: string;
  disposition: string;
}

/**
 * Exports of a version in force, for people to keep outside the app. Only someone who may read
 * the agreement gets one; a version holds only its items and who proposed and accepted it, so no
 * counselor note can ever be in it.
 */
@Injectable()
export class AgreementExportService {
  constructor(
    private readonly documents: DocumentsService,
    private readonly repository: AgreementsRepository,
  ) {}

  /** Version `number` as Markdown, named "<agreement title> v<number>.md". */
  async markdown(agreementId: string, number: number, accountId: string): Promise<ExportedFile> {
    const opened = await this.documents.open(agreementId, accountId, 'read').catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'not_found') throw new DomainError('not_found', 'Agreement was not found');
      throw error;
    });
    if (opened.document.kind !== 'agreement') throw new DomainError('not_found', 'Agreement was not found');
    const row = await this.repository.version(agreementId, number);
    if (!row) throw new DomainError('not_found', `Version ${number} was not found`);
    const version = toVersionView(row);
    const bound = [...new Set(version.items.map((i) => i.binds).filter((b) => b !== BINDS_BOTH && isUuid(b)))];
    const names = await this.repository.names(bound);
    const title = opened.document.title;
    return {
      body: Buffer.from(agreementVersionMarkdown({ title, version, names }), 'utf8'),
      contentType: 'text/markdown; charset=utf-8',
      disposition: markdownAttachmentDisposition(title, number),
    };
  }
}

/** `binds` comes from a synced document: only a uuid can name an account (anything else binds nobody we know). */
function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
