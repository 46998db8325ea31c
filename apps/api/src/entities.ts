import { AccountEntity, AccountTotpEntity, LoginEntity, PendingLoginEntity, RecoveryCodeEntity } from './accounts/account.entities';
import {
  AgreementArchiveRequestEntity,
  AgreementProposalEntity,
  AgreementVersionEntity,
  ProposalCommentEntity,
  ProposalConflictEntity,
  ProposalDecisionEntity,
} from './agreements/agreement.entities';
import { AuditChainHeadEntity, AuditEntryEntity } from './audit/audit.entities';
import { DocumentActivityEntity } from './documents/activity/document-activity.entity';
import { DocumentEntity } from './documents/document.entity';
import { DocumentHistoryBaseEntity, DocumentHistoryCheckpointEntity, DocumentHistoryEditEntity } from './documents/history/document-history.entities';
import { ContentSealingEntity, EncryptionCheckEntity, WorkspaceKeyEntity } from './encryption/encryption.entities';
import {
  LiveSessionDocumentEntity,
  LiveSessionEntity,
  LiveSessionMirrorEntity,
  LiveSessionObservationEntity,
  LiveSessionParticipantEntity,
  LiveSessionTimeOutEntity,
  LiveSessionTurnEntity,
} from './live-sessions/live-session.entities';
import { NotificationEntity } from './notifications/notification.entity';
import { DocumentClientEntity, DocumentQuarantineEntity, DocumentSnapshotEntity, DocumentStorageEntity, DocumentUpdateEntity } from './sync/adapters/document-store.entities';
import { InviteEntity } from './workspaces/invites/invite.entity';
import { RecoveryLinkEntity } from './recovery/recovery-link.entity';
import { PasswordResetLinkEntity } from './recovery/password-reset-link.entity';
import { NoticeMailEntity } from './notifications/notice-mail.entity';
import { CheckInAnswerEntity, CheckInEntity, CheckInShareEntity } from './check-ins/check-in.entities';
import { CommitmentCheckInEntity, CommitmentEntity, CommitmentRhythmEntity } from './commitments/commitment.entities';
import { JointWorkPauseEntity, SafetyAlertEntity, SafetyAnswerEntity, SafetyMessageEntity, SafetySettingsEntity } from './safety/safety.entities';
import { RevealDraftEntity, RevealPromptEntity } from './reveals/reveal.entities';
import { MembershipEntity, WorkspaceEntity } from './workspaces/workspace.entities';
import { RepairApologyDraftEntity, RepairEntity, RepairSettingEntity } from './repairs/repair.entities';

/**
 * The registry: every table's one entity, each defined in the feature that owns the table. It
 * stands at the top, beside the app, so the database module imports no feature: the app's
 * DataSource is opened with this list (app.ts), and `entities-match-schema.spec.ts` proves it maps every
 * table the migrations make, column for column. Schema changes are migrations (database/migrations),
 * never `synchronize`.
 */
export const ENTITIES = [
  // accounts
  AccountEntity,
  LoginEntity,
  AccountTotpEntity,
  RecoveryCodeEntity,
  PendingLoginEntity,
  // recovery
  RecoveryLinkEntity,
  PasswordResetLinkEntity,
  // workspaces
  WorkspaceEntity,
  MembershipEntity,
  InviteEntity,
  // documents
  DocumentEntity,
  DocumentActivityEntity,
  DocumentHistoryBaseEntity,
  DocumentHistoryEditEntity,
  DocumentHistoryCheckpointEntity,
  // sync store
  DocumentUpdateEntity,
  DocumentSnapshotEntity,
  DocumentQuarantineEntity,
  DocumentClientEntity,
  DocumentStorageEntity,
  // agreements
  AgreementProposalEntity,
  AgreementVersionEntity,
  ProposalDecisionEntity,
  ProposalCommentEntity,
  ProposalConflictEntity,
  AgreementArchiveRequestEntity,
  // live sessions
  LiveSessionEntity,
  LiveSessionParticipantEntity,
  LiveSessionTurnEntity,
  LiveSessionMirrorEntity,
  LiveSessionTimeOutEntity,
  LiveSessionDocumentEntity,
  LiveSessionObservationEntity,
  // notifications
  NotificationEntity,
  NoticeMailEntity,
  // audit
  AuditEntryEntity,
  AuditChainHeadEntity,
  // encryption
  WorkspaceKeyEntity,
  EncryptionCheckEntity,
  ContentSealingEntity,
  // check-ins
  CheckInEntity,
  CheckInAnswerEntity,
  CheckInShareEntity,
  // commitments
  CommitmentEntity,
  CommitmentCheckInEntity,
  CommitmentRhythmEntity,
  // repairs
  RepairEntity,
  RepairApologyDraftEntity,
  RepairSettingEntity,
  // safety
  SafetySettingsEntity,
  SafetyAnswerEntity,
  SafetyMessageEntity,
  SafetyAlertEntity,
  JointWorkPauseEntity,
  // reveals
  RevealPromptEntity,
  RevealDraftEntity,
];
