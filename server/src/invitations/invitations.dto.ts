import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CONTRACT_SCOPES,
  ESCALATION_STEPS,
  INVITATION_STATUSES,
  MAX_REPRESENTATIVES_PER_SIDE,
  MIN_REPRESENTATIVES_PER_SIDE,
  type CreateInvitationRequest,
  type EscalationRequest,
  type EscalationStep,
  type InvitationCountsQuery,
  type InvitationDirection,
  type InvitationScope,
  type InvitationStatus,
  type InvitationTopicInput,
  type ListInvitationsQuery,
  type RecordDeliveryRequest,
  type ReplyDecision,
  type ReplyRequest,
} from '@xst/shared-types';
import { PageQueryDto } from '../common/paging.js';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Nested, Optional, queryInt } from '../common/validation.js';

export class InvitationTopicDto implements InvitationTopicInput {
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @Matches(/^[a-z0-9_]{1,40}$/, { message: '议题代码 code 只能包含小写字母、数字和下划线' })
  code?: string;
  @ApiProperty()
  @IsString({ message: '议题名称 title 应为文字' })
  @Length(1, 40, { message: '议题名称 title 应为 1 到 40 个字' })
  title: string;
}

export class CreateInvitationDto implements CreateInvitationRequest {
  @ApiProperty()
  @IsString()
  @IsUUID('all', { message: '发出单位 fromOrganizationId 格式不正确' })
  fromOrganizationId: string;
  @ApiProperty()
  @IsString()
  @IsUUID('all', { message: '接收单位 toOrganizationId 格式不正确' })
  toOrganizationId: string;
  @ApiProperty({ enum: CONTRACT_SCOPES })
  @IsIn(CONTRACT_SCOPES, { message: '协商类型 scope 应为 enterprise、new_employment 或 industry_regional' })
  scope: InvitationScope;
  @ApiProperty({ type: [InvitationTopicDto] })
  @IsArray({ message: '议题 topics 应为列表' })
  @ArrayMinSize(1, { message: '议题 topics 至少要有 1 项' })
  @ArrayMaxSize(30, { message: '议题 topics 最多 30 项' })
  @Nested(() => InvitationTopicDto, { each: true })
  topics: InvitationTopicDto[];
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @IsUUID('all', { message: '意见征集 consultationId 格式不正确' })
  consultationId?: string;
  @ApiPropertyOptional()
  @Optional()
  @IsISO8601({ strict: true }, { message: '建议协商时间 proposedAt 应为日期时间' })
  proposedAt?: string;
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @Length(1, 100, { message: '建议协商地点 proposedPlace 应为 1 到 100 个字' })
  proposedPlace?: string;
  @ApiProperty()
  @IsString({ message: '要约正文 body 应为文字' })
  @Length(1, 5000, { message: '要约正文 body 应为 1 到 5000 个字' })
  body: string;
  @ApiProperty({ minimum: MIN_REPRESENTATIVES_PER_SIDE, maximum: MAX_REPRESENTATIVES_PER_SIDE })
  @IsInt({ message: '每方协商代表人数 representativesPerSide 应为整数' })
  @Min(MIN_REPRESENTATIVES_PER_SIDE, {
    message: `每方协商代表人数 representativesPerSide 不少于 ${MIN_REPRESENTATIVES_PER_SIDE} 人（《集体合同规定》第十九条）`,
  })
  @Max(MAX_REPRESENTATIVES_PER_SIDE, { message: `每方协商代表人数 representativesPerSide 不能多于 ${MAX_REPRESENTATIVES_PER_SIDE} 人` })
  representativesPerSide: number;
  @ApiProperty({ example: '王建国（市总工会副主席）' })
  @IsString({ message: '首席代表 chiefRepresentative 应为文字' })
  @Length(2, 40, { message: '首席代表 chiefRepresentative 应为 2 到 40 个字' })
  chiefRepresentative: string;
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @IsUUID('all', { message: '代行要约的工会 onBehalfOfOrganizationId 格式不正确' })
  onBehalfOfOrganizationId?: string;
  @ApiPropertyOptional()
  @Optional()
  @IsBoolean({ message: '存为草稿 draft 应为 是/否' })
  draft?: boolean;
}

export class ReplyDto implements ReplyRequest {
  @ApiProperty({ enum: ['accept', 'decline'] })
  @IsIn(['accept', 'decline'], { message: '答复 decision 应为 accept（应约）或 decline（拒绝）' })
  decision: ReplyDecision;
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @Length(1, 2000, { message: '理由 reason 应为 1 到 2000 个字' })
  reason?: string;
  @ApiPropertyOptional()
  @Optional()
  @IsISO8601({ strict: true }, { message: '建议协商时间 proposedAt 应为日期时间' })
  proposedAt?: string;
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @Length(1, 100, { message: '建议协商地点 proposedPlace 应为 1 到 100 个字' })
  proposedPlace?: string;
  @ApiPropertyOptional({ type: [InvitationTopicDto] })
  @Optional()
  @IsArray({ message: '补充议题 counterTopics 应为列表' })
  @ArrayMaxSize(30, { message: '补充议题 counterTopics 最多 30 项' })
  @Nested(() => InvitationTopicDto, { each: true })
  counterTopics?: InvitationTopicDto[];
}

export class RecordDeliveryDto implements RecordDeliveryRequest {
  @ApiProperty({ example: '2025-04-01', description: '纸质要约书送达（签收）的日期' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '送达日期 deliveredOn 应为 YYYY-MM-DD' })
  deliveredOn: string;
  @ApiPropertyOptional({ description: '签收人、挂号信或快递单号等' })
  @Optional()
  @IsString({ message: '送达说明 note 应为文字' })
  @Length(1, 200, { message: '送达说明 note 应为 1 到 200 个字' })
  note?: string;
}

export class EscalationDto implements EscalationRequest {
  @ApiProperty({ enum: ESCALATION_STEPS })
  @IsIn(ESCALATION_STEPS, {
    message: '督促步骤 step 应为 union_rectification、labour_inspection_advice、public_notice 或 inspection_referral',
  })
  step: EscalationStep;
  @ApiProperty({ example: '2025-04-01' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '发文日期 issuedAt 应为 YYYY-MM-DD' })
  issuedAt: string;
  @ApiProperty()
  @IsString()
  @Length(2, 100, { message: '发文单位 issuer 应为 2 到 100 个字' })
  issuer: string;
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @Length(1, 60, { message: '文号 documentNo 应为 1 到 60 个字' })
  documentNo?: string;
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(2000, { message: '备注 note 不能超过 2000 个字' })
  note?: string;
}

export class InvitationCountsDto implements InvitationCountsQuery {
  @ApiPropertyOptional({ enum: ['sent', 'received'] })
  @IsOptional()
  @IsIn(['sent', 'received'], { message: '方向 direction 应为 sent 或 received' })
  direction?: InvitationDirection;
}

export class ListInvitationsDto extends PageQueryDto implements ListInvitationsQuery {
  @ApiPropertyOptional({ enum: ['sent', 'received'] })
  @IsOptional()
  @IsIn(['sent', 'received'], { message: '方向 direction 应为 sent 或 received' })
  direction?: InvitationDirection;
  @ApiPropertyOptional({ enum: INVITATION_STATUSES })
  @IsOptional()
  @IsIn(INVITATION_STATUSES, { message: '状态 status 不是允许的选项' })
  status?: InvitationStatus;
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(queryInt)
  @Min(0, { message: '到期天数 dueWithinDays 不能小于 0' })
  @Max(90, { message: '到期天数 dueWithinDays 不能大于 90' })
  // Last, so checked first (decorators run bottom-up and validation stops at the first error): "abc" is not "> 90".
  @IsInt({ message: '到期天数 dueWithinDays 应为整数' })
  dueWithinDays?: number;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsUUID('all', { message: '接收单位 toOrganizationId 格式不正确' })
  toOrganizationId?: string;
}
