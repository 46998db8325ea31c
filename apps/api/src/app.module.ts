import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import type { AppConfig } from './config/env';
import type { Database } from './database/database';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { AccountsModule } from './accounts/accounts.module';
import { WorkspacesModule } from './workspaces/workspaces.module';
import { DocumentsModule } from './documents/documents.module';
import { SyncModule } from './sync/sync.module';
import { RealtimeModule } from './realtime/realtime.module';
import { LiveSessionsModule } from './live-sessions/live-sessions.module';
import { HealthModule } from './health/health.module';
import { AgreementsModule } from './agreements/agreements.module';
import { NotificationsModule } from './notifications/notifications.module';
import { AuditModule } from './audit/audit.module';
import { ExportsModule } from './exports/exports.module';
import { AccountDeletionModule } from './account-deletion/account-deletion.module';
import { ClientConfigModule } from './client-config/client-config.module';
import { EncryptionModule } from './encryption/encryption.module';
import { RateLimitsModule } from './rate-limits/rate-limits.module';
import { RecoveryModule } from './recovery/recovery.module';
import { CheckInsModule } from './check-ins/check-ins.module';
import { CommitmentsModule } from './commitments/commitments.module';
import { RepairsModule } from './repairs/repairs.module';
import { ProgressModule } from './progress/progress.module';
import { SafetyModule } from './safety/safety.module';
import { RevealsModule } from './reveals/reveals.module';
import type { ContentCipher } from './encryption/content-cipher';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, database: Database, cipher: ContentCipher): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forConfig(config),
        DatabaseModule.forDatabase(database),
        EncryptionModule.forCipher(cipher),
        EventEmitterModule.forRoot(),
        RateLimitsModule.forConfig(config),
        AuditModule,
        AccountsModule,
        WorkspacesModule,
        DocumentsModule,
        RealtimeModule,
        LiveSessionsModule,
        SyncModule,
        AgreementsModule,
        NotificationsModule,
        ExportsModule,
        AccountDeletionModule,
        RecoveryModule,
        CheckInsModule,
        CommitmentsModule,
        RepairsModule,
        ProgressModule,
        SafetyModule,
        RevealsModule,
        ClientConfigModule,
        HealthModule,
      ],
    };
  }
}
