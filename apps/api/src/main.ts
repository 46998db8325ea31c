import { Logger } from '@nestjs/common';
import { ConfigError, parseEnv } from './config/env';
import { startApp } from './app';

async function main(): Promise<void> {
  let config;
  try {
    config = parseEnv(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const running = await startApp(config);
  const shownUrl = config.host === '0.0.0.0' || config.host === '::' ? config.publicUrl : running.url;
  new Logger('Kinship').log(`Kinship is running at ${shownUrl} (API docs: ${shownUrl}/api/docs; database: ${config.database.driver})`);
}

main().catch((error) => {
  console.error('Kinship could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
