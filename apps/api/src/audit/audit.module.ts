import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditOriginMiddleware, UpgradeOrigins } from './audit-origin';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

/**
 * The audit trail. Global: accounts, documents, invites and the sync server call
 * `AuditService.record` (or its read and edit hooks) where a deed happens.
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditRepository, AuditService, UpgradeOrigins],
  exports: [AuditService, UpgradeOrigins],
})
export class AuditModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuditOriginMiddleware).forRoutes('{*path}');
  }
}
