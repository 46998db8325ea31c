import { Controller, Get, Logger, Param, Res, UseGuards } from '@nestjs/common';
import { ApiCookieAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthGuard, CurrentAccount } from '../accounts/auth.guard';
import type { LoginAccount } from '../accounts/logins.service';
import { uuidParam } from '../common/uuid-param';
import { ExportPlan, ExportsService } from './exports.service';
import { ZipWriter } from './zip-writer';

@ApiTags('exports')
@ApiCookieAuth()
@UseGuards(AuthGuard)
@Controller()
export class ExportsController {
  private readonly logger = new Logger('Exports');

  constructor(private readonly exports: ExportsService) {}

  /** The caller's own records as a zip, streamed. */
  @Get('me/export.zip')
  @ApiProduces('application/zip')
  async mine(@CurrentAccount() account: LoginAccount, @Res() res: Response): Promise<void> {
    await this.stream(await this.exports.personal(account.id), res);
  }

  /** Every record of a workspace as a zip, streamed: the counselor's alone. */
  @Get('workspaces/:id/export.zip')
  @ApiProduces('application/zip')
  async workspace(@CurrentAccount() account: LoginAccount, @Param('id', uuidParam('Workspace')) id: string, @Res() res: Response): Promise<void> {
    await this.stream(await this.exports.workspace(id, account.id), res);
  }

  /** Checks are done by now (a refusal was thrown before any byte): headers, then the files one by one. */
  private async stream(plan: ExportPlan, res: Response): Promise<void> {
    res.status(200);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="${plan.fileName}"`);
    res.setHeader('Cache-Control', 'no-store');
    const zip = new ZipWriter(res);
    try {
      await plan.write(zip);
      await zip.end();
    } catch (error) {
      // Half a zip must not look whole: the connection is cut, and the browser reports a failed download.
      this.logger.warn(`An export stopped part-way: ${String(error)}`);
      res.destroy();
    }
  }
}
