import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/env';
import { Mailer, MAILER } from './mailer';

/**
 * Mail, when the practice has set SMTP_URL: provides MAILER, a Mailer, or null without it (the
 * features that mail check for null and offer nothing).
 */
@Module({
  providers: [
    {
      provide: MAILER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Mailer | null => (config.mail.smtpUrl ? new Mailer(config.mail.smtpUrl, config.mail.from) : null),
    },
  ],
  exports: [MAILER],
})
export class MailModule {}
