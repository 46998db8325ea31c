import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { NextFunction, Request, Response } from 'express';
import { LIVE_SOCKET_PATH, SYNC_PATH } from '@kinship/domain/wire';
import type { AppConfig } from './config/env';
import { openDatabase } from './database/database';
import { ENTITIES } from './entities';
import { openEncryption } from './encryption/open-encryption';
import { AppModule } from './app.module';
import { HttpErrorFilter } from './common/http-error.filter';
import { AppLogger } from './common/app-logger';
import { DomainError } from './common/domain-error';
import { sameSiteOnly } from './common/same-site';
import { SyncService } from './sync/sync.service';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

export interface RunningApp {
  app: NestExpressApplication;
  /** The base URL it listens on, e.g. http://127.0.0.1:3000. */
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /**
   * false: start everything but leave the port alone (a worker of `WORKERS=n` takes the
   * connections the primary hands it, cluster/worker.ts); `url` is then ''.
   */
  listen?: boolean;
}

/** Opens the database, builds the Nest app, mounts sync, the docs and the web client, and listens. */
export async function startApp(config: AppConfig, { listen = true }: StartOptions = {}): Promise<RunningApp> {
  const database = await openDatabase(config.database, { entities: ENTITIES });
  let app: NestExpressApplication;
  try {
    const cipher = await openEncryption(config.encryption, database.dataSource);
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database, cipher), {
      logger: new AppLogger('Kinship', { logLevels: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1) }),
      abortOnError: false,
      bodyParser: false,
    });
  } catch (error) {
    await database.close();
    throw error;
  }
  app.enableShutdownHooks();
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(securityHeaders(config.publicUrl.startsWith('https://')));
  app.use('/api', sameSiteOnly(config.publicUrl));
  app.useBodyParser('json', { limit: '100kb' });
  app.use(explainBadJson);
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new HttpErrorFilter());

  const openApi = new DocumentBuilder()
    .setTitle('Kinship API')
    .setDescription(
      'Accounts, couple workspaces, invites, documents and the records of live sessions. Live document content syncs over the y-websocket protocol at /sync/{documentId}; live sessions run over socket.io at /live (events defined in libs/domain/src/wire/live.ts).',
    )
    .setVersion('0.1.0')
    .addCookieAuth('kinship_session')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), { jsonDocumentUrl: 'api/docs/openapi.json' });

  serveWebClient(app, config.webDist);
  // The /live door (socket.io, realtime/live-door.gateway.ts) shares the port: its upgrades are left to it.
  app.get(SyncService).mount(app.getHttpServer() as Server, [LIVE_SOCKET_PATH]);

  if (!listen) {
    await app.init();
    return { app, url: '', close: () => app.close() };
  }
  await app.listen(config.port, config.host);
  const address = (app.getHttpServer() as Server).address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { app, url: `http://${host}:${address.port}`, close: () => app.close() };
}

/** A body that is not JSON is the caller's mistake, said once here in plain words. */
function explainBadJson(error: unknown, _req: Request, _res: Response, next: NextFunction): void {
  const badJson = (error as { type?: unknown } | null)?.type === 'entity.parse.failed';
  next(badJson ? new DomainError('invalid', 'The request body is not valid JSON') : error);
}

/**
 * Security headers (helmet): the page may load and connect only to this origin, may not be framed
 * (no clickjacking of private words), and sends no referrer to other sites. Styles allow inline
 * style attributes, which the editor's carets and the API docs page use.
 */
function securityHeaders(https: boolean) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'worker-src': ["'self'"],
        'frame-ancestors': ["'none'"],
        'upgrade-insecure-requests': https ? [] : null,
      },
    },
    // Only a site served over https may tell browsers to insist on it.
    strictTransportSecurity: https ? { maxAge: 15_552_000 } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
}

/** The built web client (never a source map), with every other non-API path answered by its index.html (client-side routes). */
function serveWebClient(app: NestExpressApplication, webDist: string): void {
  const index = join(webDist, 'index.html');
  if (!existsSync(index)) {
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' || req.path.startsWith('/api') || req.path.startsWith(SYNC_PATH)) return next();
      res.status(503).type('text/plain').send('The web client is not built yet: run `npm run build` (or `npm start`).');
    });
    return;
  }
  // Source maps would hand out the client's whole source: the build makes none, and any left in the folder are not served.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/api') || !/\.map$/i.test(req.path)) return next();
    res.status(404).type('text/plain').send('Not found');
  });
  app.useStaticAssets(webDist, { index: false, maxAge: '1h', setHeaders: (res, path) => path.endsWith('.html') && res.setHeader('Cache-Control', 'no-cache') });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api') || req.path.startsWith(SYNC_PATH)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
