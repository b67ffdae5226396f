import { AuditLogEntity } from '../audit/audit.entity.js';
import { CONGRESS_ENTITIES } from '../congress/congress.entity.js';
import { ContractAttachmentEntity, ContractEntity, ContractPartyEntity } from '../contracts/contract.entity.js';
import { ActivityEnterpriseEntity, ActivityEntity } from '../statistics/activity.entity.js';
import { BallotEntity, ConsultationEntity, ConsultationTopicEntity } from '../consultations/consultation.entity.js';
import { ResultSnapshotEntity } from '../consultations/result-snapshot.entity.js';
import { INVITATION_ENTITIES } from '../invitations/invitation.entity.js';
import { InviteCodeEntity } from '../identity/invite-code.entity.js';
import { User } from '../identity/user.entity.js';
import { PETITION_ENTITIES } from '../petitions/petition.entity.js';
import { OrganizationEntity } from '../regions/organization.entity.js';
import { RegionEntity } from '../regions/region.entity.js';
import { ROLL_ENTITIES } from '../roll/roll.entity.js';
import { FeedbackEntity, PublicationEntity, SessionEntity } from '../sessions/session.entity.js';
import { ModerationEntity } from '../moderation/moderation.entity.js';
import { SubscribeMessageEntity } from '../subscriptions/subscribe-message.entity.js';
import { SubscriptionQuotaEntity } from '../subscriptions/subscription.entity.js';
import { WechatAccessTokenEntity } from '../wechat/wechat-token.entity.js';
import { SuggestionMergeEntity } from '../consultations/suggestion.entity.js';

export const ENTITIES = [
  User,
  InviteCodeEntity,
  RegionEntity,
  OrganizationEntity,
  AuditLogEntity,
  ConsultationEntity,
  ConsultationTopicEntity,
  BallotEntity,
  SuggestionMergeEntity,
  ResultSnapshotEntity,
  ContractEntity,
  ContractPartyEntity,
  ContractAttachmentEntity,
  ...INVITATION_ENTITIES,
  SessionEntity,
  PublicationEntity,
  FeedbackEntity,
  ActivityEntity,
  ActivityEnterpriseEntity,
  ...ROLL_ENTITIES,
  WechatAccessTokenEntity,
  ...PETITION_ENTITIES,
  SubscriptionQuotaEntity,
  SubscribeMessageEntity,
  ...CONGRESS_ENTITIES,
  ModerationEntity,
];
