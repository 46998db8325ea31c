import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Database } from './database';
import { Transactions } from './transactions';

export const DATABASE = Symbol('DATABASE');

/**
 * Provides the opened Database (and its DataSource) to every feature. The database is opened in
 * main.ts before Nest boots, so the choice of driver is made once, from the config. Feature
 * services reach it only through their repositories and Transactions.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  static forDatabase(database: Database) {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE, useValue: database },
        { provide: DataSource, useValue: database.dataSource },
        Transactions,
      ],
      exports: [DATABASE, DataSource, Transactions],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
