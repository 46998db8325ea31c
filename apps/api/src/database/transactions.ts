import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * One unit of work shared by several repositories: a service runs its rules inside `run` and
 * passes `tx` to each repository call, so it never touches TypeORM itself.
 */
export type Tx = EntityManager;

@Injectable()
export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
