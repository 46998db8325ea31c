import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ClientConfigView } from '@kinship/domain/wire';
import { APP_CONFIG, AppConfig } from '../config/env';

/** What the web client reads before anyone logs in: where the quick exit goes, how long records are kept, whether the practice has mail. */
@ApiTags('config')
@Controller('config')
export class ClientConfigController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  get(): ClientConfigView {
    return { quickExitUrl: this.config.quickExitUrl, recordRetentionYears: this.config.recordRetentionYears, mail: this.config.mail.smtpUrl !== null };
  }
}
