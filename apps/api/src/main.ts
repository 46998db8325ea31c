import cluster from 'node:cluster';
import { AppConfig, ConfigError, parseEnv } from './config/env';
import { announceRunning } from './announce';
import { superviseWorkers } from './cluster/primary';
import { takeHandedConnections } from './cluster/worker';

/** The app is loaded only where it runs: `WORKERS=n`'s primary routes connections and never loads it (about 100 MiB less). */
const loadApp = () => import('./app');

async function serve(config: AppConfig): Promise<void> {
  const running = await (await loadApp()).startApp(config);
  announceRunning(config, running.url);
}

/** One of the `WORKERS=n` processes: the primary (cluster/primary.ts) owns the port and hands it connections. */
async function serveAsWorker(config: AppConfig): Promise<void> {
  const running = await (await loadApp()).startApp(config, { listen: false });
  takeHandedConnections(running.app.getHttpServer());
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
  if (config.workers === 1) await serve(config);
  else if (cluster.isPrimary) superviseWorkers(config);
  else await serveAsWorker(config);
}

main().catch((error) => {
  console.error('Kinship could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
