import cluster from 'node:cluster';
import { Logger } from '@nestjs/common';
import { AppConfig, ConfigError, parseEnv } from './config/env';
import { startApp } from './app';

/** How long a process that died waits before it is started again (a crash loop stays calm). */
const RESTART_DELAY_MS = 1000;

async function serve(config: AppConfig): Promise<void> {
  const running = await startApp(config);
  const shownUrl = config.host === '0.0.0.0' || config.host === '::' ? config.publicUrl : running.url;
  const which = cluster.isWorker ? ` (process ${cluster.worker!.id} of ${config.workers})` : '';
  new Logger('Kinship').log(`Kinship is running at ${shownUrl}${which} (API docs: ${shownUrl}/api/docs; database: ${config.database.driver})`);
}

/**
 * `WORKERS=n`: n API processes on this machine's cores (Node's cluster: they share the port, and
 * the primary hands each new connection to the next process). Any process serves any document
 * (Redis carries what crosses them); one that dies is started again, and its clients reconnect to
 * the others meanwhile. SIGTERM stops them all, each storing what it holds first.
 */
function supervise(config: AppConfig): void {
  const logger = new Logger('Kinship');
  let stopping = false;
  const start = () => cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    logger.warn(`API process ${worker.id} ended (${signal ?? `exit ${code}`}); starting another`);
    setTimeout(start, RESTART_DELAY_MS).unref();
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    });
  }
  logger.log(`Starting ${config.workers} API processes`);
  for (let i = 0; i < config.workers; i++) start();
}

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
  if (config.workers > 1 && cluster.isPrimary) supervise(config);
  else await serve(config);
}

main().catch((error) => {
  console.error('Kinship could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
