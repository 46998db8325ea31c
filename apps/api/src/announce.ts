import { Logger } from '@nestjs/common';
import type { AppConfig } from './config/env';

/**
 * The line that says the API is up (`which`: which of several processes this is). Its own module:
 * `WORKERS=n`'s primary says it without loading the app.
 */
export function announceRunning(config: AppConfig, url: string, which = ''): void {
  const shownUrl = config.host === '0.0.0.0' || config.host === '::' ? config.publicUrl : url;
  new Logger('Kinship').log(`Kinship is running at ${shownUrl}${which} (API docs: ${shownUrl}/api/docs; database: ${config.database.driver})`);
}
