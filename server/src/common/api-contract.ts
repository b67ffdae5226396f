// The request DTOs are the shared-types requests, field for field. Each DTO class `implements` its request (a DTO
// missing a required field fails there), and the list below proves more: the same fields, each of the same type and
// optionality, nested shapes included, in both directions. A DTO that gains, loses or retypes a field, or a request
// interface that changes without its DTO, fails `npm run typecheck` on its line. api-contract.spec.ts checks that
// every body and query of every controller is listed here.
import type * as Contract from '@xst/shared-types';
import type { AuditQueryDto } from '../audit/audit.controller.js';
import type {
  BallotDto,
  CreateConsultationDto,
  ExtendConsultationDto,
  ListConsultationsDto,
  UpdateConsultationDto,
} from '../consultations/consultations.dto.js';
import type {
  ContractObjectionDto,
  CreateContractDto,
  CreateContractPackageDto,
  ListContractsQueryDto,
  UpdateContractDto,
} from '../contracts/contracts.dto.js';
import type {
  CheckInDto,
  CongressBallotDto,
  CreateCongressDto,
  CreateDraftDto,
  DiffQueryDto,
  DraftCommentDto,
  DraftVersionDto,
  RecordAdoptedContractDto,
} from '../congress/congress.dto.js';
import type { MergeSuggestionsDto, SuggestionsQueryDto, SuggestionTextsQueryDto } from '../consultations/suggestions.dto.js';
import type { CreateInviteCodeDto, DevLoginDto, RedeemDto, UpdateMeDto, WechatLoginDto } from '../identity/identity.dto.js';
import type {
  CreateInvitationDto,
  EscalationDto,
  RecordDeliveryDto,
  InvitationCountsDto,
  ListInvitationsDto,
  ReplyDto,
} from '../invitations/invitations.dto.js';
import type {
  CreateOrganizationDto,
  ListOrganizationsQueryDto,
  RegionsQueryDto,
  UpdateOrganizationDto,
} from '../regions/organizations.dto.js';
import type {
  CreateSessionDto,
  FeedbackDto,
  ListSessionsQueryDto,
  PublishDto,
  PublishOutcomeDto,
  UpdateSessionDto,
} from '../sessions/sessions.dto.js';
import type { ModerationDecisionDto, ModerationQueryDto } from '../moderation/moderation.dto.js';
import type { ListPetitionsDto, PetitionFiguresDto, PetitionInvitationDto, StartPetitionDto } from '../petitions/petitions.dto.js';
import type { ReportSubscriptionsDto } from '../subscriptions/subscriptions.dto.js';
import type {
  CreateCodeBatchDto,
  RedeemRollCodeDto,
  RevokeCodesDto,
  RollSummaryQueryDto,
  UploadRosterDto,
  VerifyPhoneDto,
} from '../roll/roll.dto.js';
import type {
  CreateActivityDto,
  FormQueryDto,
  LedgerQueryDto,
  ListActivitiesQueryDto,
  PeriodQueryDto,
} from '../statistics/statistics.dto.js';

/** An object type with its properties spelled out: `{ a } & { b }` and a class with fields a and b become alike. */
type Fields<T> = { [K in keyof T]: T[K] };

/** `true` when A and B have the same fields of the same types (not merely assignable either way), else `false`. */
export type Same<A, B> = (<T>() => T extends Fields<A> ? 1 : 2) extends <T>() => T extends Fields<B> ? 1 : 2 ? true : false;

/** Fails the type check where a `Same<…>` is not `true`. */
export type Holds<T extends true> = T;

export type RequestContract = [
  Holds<Same<WechatLoginDto, Contract.WechatLoginRequest>>,
  Holds<Same<DevLoginDto, Contract.DevLoginRequest>>,
  Holds<Same<RedeemDto, Contract.RedeemRequest>>,
  Holds<Same<UpdateMeDto, Contract.UpdateMeRequest>>,
  Holds<Same<CreateInviteCodeDto, Contract.CreateInviteCodeRequest>>,
  Holds<Same<RegionsQueryDto, Contract.RegionsQuery>>,
  Holds<Same<ListOrganizationsQueryDto, Contract.ListOrganizationsQuery>>,
  Holds<Same<CreateOrganizationDto, Contract.CreateOrganizationRequest>>,
  Holds<Same<UpdateOrganizationDto, Contract.UpdateOrganizationRequest>>,
  Holds<Same<AuditQueryDto, Contract.AuditQuery>>,
  Holds<Same<ListConsultationsDto, Contract.ListConsultationsQuery>>,
  Holds<Same<CreateConsultationDto, Contract.CreateConsultationRequest>>,
  Holds<Same<UpdateConsultationDto, Contract.UpdateConsultationRequest>>,
  Holds<Same<ExtendConsultationDto, Contract.ExtendConsultationRequest>>,
  Holds<Same<BallotDto, Contract.BallotRequest>>,
  Holds<Same<SuggestionsQueryDto, Contract.SuggestionsQuery>>,
  Holds<Same<SuggestionTextsQueryDto, Contract.PageQuery>>,
  Holds<Same<MergeSuggestionsDto, Contract.MergeSuggestionsRequest>>,
  Holds<Same<ListInvitationsDto, Contract.ListInvitationsQuery>>,
  Holds<Same<InvitationCountsDto, Contract.InvitationCountsQuery>>,
  Holds<Same<CreateInvitationDto, Contract.CreateInvitationRequest>>,
  Holds<Same<ReplyDto, Contract.ReplyRequest>>,
  Holds<Same<EscalationDto, Contract.EscalationRequest>>,
  Holds<Same<RecordDeliveryDto, Contract.RecordDeliveryRequest>>,
  Holds<Same<ListSessionsQueryDto, Contract.ListSessionsQuery>>,
  Holds<Same<CreateSessionDto, Contract.CreateSessionRequest>>,
  Holds<Same<UpdateSessionDto, Contract.UpdateSessionRequest>>,
  Holds<Same<PublishDto, Contract.PublishRequest>>,
  Holds<Same<PublishOutcomeDto, Contract.PublishOutcomeRequest>>,
  Holds<Same<FeedbackDto, Contract.FeedbackRequest>>,
  Holds<Same<ListContractsQueryDto, Contract.ListContractsQuery>>,
  Holds<Same<CreateContractDto, Contract.CreateContractRequest>>,
  Holds<Same<CreateContractPackageDto, Contract.CreateContractPackageRequest>>,
  Holds<Same<UpdateContractDto, Contract.UpdateContractRequest>>,
  Holds<Same<ContractObjectionDto, Contract.ContractObjectionRequest>>,
  Holds<Same<PeriodQueryDto, Contract.StatisticsPeriodQuery>>,
  Holds<Same<FormQueryDto, Contract.FormQuery>>,
  Holds<Same<LedgerQueryDto, Contract.LedgerQuery>>,
  Holds<Same<ListActivitiesQueryDto, Contract.StatisticsPeriodQuery>>,
  Holds<Same<CreateActivityDto, Contract.CreateActivityRequest>>,
  Holds<Same<RedeemRollCodeDto, Contract.RedeemRollCodeRequest>>,
  Holds<Same<VerifyPhoneDto, Contract.VerifyPhoneRequest>>,
  Holds<Same<CreateCodeBatchDto, Contract.CreateCodeBatchRequest>>,
  Holds<Same<RevokeCodesDto, Contract.RevokeCodesRequest>>,
  Holds<Same<UploadRosterDto, Contract.UploadRosterRequest>>,
  Holds<Same<RollSummaryQueryDto, Contract.RollSummaryQuery>>,
  Holds<Same<ReportSubscriptionsDto, Contract.ReportSubscriptionsRequest>>,
  Holds<Same<StartPetitionDto, Contract.StartPetitionRequest>>,
  Holds<Same<ListPetitionsDto, Contract.ListPetitionsQuery>>,
  Holds<Same<PetitionFiguresDto, Contract.PetitionFiguresQuery>>,
  Holds<Same<PetitionInvitationDto, Contract.PetitionInvitationRequest>>,
  Holds<Same<CreateDraftDto, Contract.CreateDraftRequest>>,
  Holds<Same<DraftVersionDto, Contract.DraftVersionRequest>>,
  Holds<Same<DiffQueryDto, Contract.DraftDiffQuery>>,
  Holds<Same<DraftCommentDto, Contract.DraftCommentRequest>>,
  Holds<Same<CreateCongressDto, Contract.CreateCongressRequest>>,
  Holds<Same<CheckInDto, Contract.CheckInRequest>>,
  Holds<Same<CongressBallotDto, Contract.CongressBallotRequest>>,
  Holds<Same<RecordAdoptedContractDto, Contract.RecordAdoptedContractRequest>>,
  Holds<Same<ModerationQueryDto, Contract.ModerationQuery>>,
  Holds<Same<ModerationDecisionDto, Contract.ModerationDecisionRequest>>,
];
