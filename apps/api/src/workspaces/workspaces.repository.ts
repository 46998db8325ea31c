import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WorkspaceEntity } from './workspace.entities';
import type { Tx } from '../database/transactions';

/** Workspace rows. */
@Injectable()
export class WorkspacesRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: Tx) {
    return tx ?? this.dataSource.manager;
  }

  insert(row: { name: string; createdBy: string }, tx?: Tx): Promise<WorkspaceEntity> {
    const manager = this.manager(tx);
    return manager.save(manager.create(WorkspaceEntity, row));
  }

  findById(id: string, tx?: Tx): Promise<WorkspaceEntity | null> {
    return this.manager(tx).findOneBy(WorkspaceEntity, { id });
  }

  /**
   * Locks the workspace's row until `tx` ends, so membership changes in it happen one at a time;
   * false when it is gone (deleted, perhaps while this waited for the lock).
   */
  async lock(id: string, tx: Tx): Promise<boolean> {
    return (await tx.getRepository(WorkspaceEntity).createQueryBuilder('w').setLock('pessimistic_write').where('w.id = :id', { id }).getOne()) !== null;
  }
}
