// Every schema change, in order. Each migration is hand-written and means the same on MySQL and SQLite.
import { Foundation1764000000001 } from './1764000000001-foundation.js';
import { Consultations1764000000002 } from './1764000000002-consultations.js';
import { Invitations1764000000003 } from './1764000000003-invitations.js';
import { Contracts1764000000004 } from './1764000000004-contracts.js';
import { Statistics1764000000005 } from './1764000000005-statistics.js';
import { Sessions1764000000006 } from './1764000000006-sessions.js';
import { OrganizationUnionDate1764000000021 } from './1764000000021-organization-union-date.js';
import { InvitationRepresentatives1764000000022 } from './1764000000022-invitation-representatives.js';
import { LegalClock1764000000023 } from './1764000000023-legal-clock.js';
import { Roll1764000000040 } from './1764000000040-roll.js';
import { WechatAccessToken1764000001201 } from './1764000001201-wechat-access-token.js';
import { ConsultationEligibility1764000001310 } from './1764000001310-consultation-eligibility.js';
import { BallotCounts1764000001600 } from './1764000001600-ballot-counts.js';
import { Petitions1764000001655 } from './1764000001655-petitions.js';
import { Subscriptions1764000001700 } from './1764000001700-subscriptions.js';
import { Congress1764000001900 } from './1764000001900-congress.js';
import { Moderation1764000001950 } from './1764000001950-moderation.js';
import { SuggestionMerges1764000002001 } from './1764000002001-suggestion-merges.js';
import { ResultSnapshots1764000002011 } from './1764000002011-result-snapshots.js';
import { BallotPerson1764000002012 } from './1764000002012-ballot-person.js';
import { ContactPhone1764000002150 } from './1764000002150-contact-phone.js';
import { SubscribeMessages1764000002160 } from './1764000002160-subscribe-messages.js';
import { QuotaWithoutTime1764000002170 } from './1764000002170-quota-without-time.js';

export const MIGRATIONS = [
  Foundation1764000000001,
  Consultations1764000000002,
  Invitations1764000000003,
  Contracts1764000000004,
  Statistics1764000000005,
  Sessions1764000000006,
  OrganizationUnionDate1764000000021,
  InvitationRepresentatives1764000000022,
  LegalClock1764000000023,
  Roll1764000000040,
  WechatAccessToken1764000001201,
  ConsultationEligibility1764000001310,
  BallotCounts1764000001600,
  Petitions1764000001655,
  Subscriptions1764000001700,
  Congress1764000001900,
  Moderation1764000001950,
  SuggestionMerges1764000002001,
  ResultSnapshots1764000002011,
  BallotPerson1764000002012,
  ContactPhone1764000002150,
  SubscribeMessages1764000002160,
  QuotaWithoutTime1764000002170,
];
