import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { RequestOriginMiddleware, UpgradeOrigins } from '../common/request-origin';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { EDIT_OBSERVER } from '../sync/edit-observer';
import { AUDIT_TRAIL } from '../exports/audit-entries';

/**
 * The audit trail. Features emit the deeds it keeps (`AUDIT_DEED`, `DOCUMENT_OPENED`) and never
 * import it; the sync server reports admissions and edits to the `EditObserver` provided here, and
 * exports read the trail through the `AuditTrail` provided here. Global for those and `UpgradeOrigins`.
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditRepository, AuditService, UpgradeOrigins, { provide: EDIT_OBSERVER, useExisting: AuditService }, { provide: AUDIT_TRAIL, useExisting: AuditService }],
  exports: [AuditService, UpgradeOrigins, EDIT_OBSERVER, AUDIT_TRAIL],
})
export class AuditModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestOriginMiddleware).forRoutes('{*path}');
  }
}
