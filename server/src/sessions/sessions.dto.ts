import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  MINUTES_MAX_LENGTH,
  SESSION_TYPES,
  TOPIC_OUTCOMES,
  type CreateSessionRequest,
  type FeedbackRequest,
  type ListSessionsQuery,
  type PublishOutcomeRequest,
  type PublishRequest,
  type SessionSide,
  type SessionTopic,
  type SessionType,
  type SuspendedUntil,
  type TopicOutcome,
  type UpdateSessionRequest,
} from '@xst/shared-types';
import { PageQueryDto } from '../common/paging.js';
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
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Nested, Nullable, Optional } from '../common/validation.js';

export class SessionSideDto implements SessionSide {
  @ApiProperty()
  @IsString({ message: '首席代表 chief 应为文字' })
  @Length(1, 40, { message: '首席代表 chief 应为 1 到 40 个字' })
  chief: string;
  @ApiProperty()
  @IsInt({ message: '代表人数 count 应为整数' })
  @Min(1, { message: '代表人数 count 至少为 1' })
  @Max(200, { message: '代表人数 count 不能超过 200' })
  count: number;
}

export class SessionTopicDto implements SessionTopic {
  @ApiProperty()
  @IsString()
  @Length(1, 60, { message: '议题 title 应为 1 到 60 个字' })
  title: string;
  @ApiProperty({ enum: TOPIC_OUTCOMES })
  @IsIn(TOPIC_OUTCOMES, { message: '议题结果 outcome 应为 agreed、open 或 disagreed' })
  outcome: TopicOutcome;
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(500, { message: '议题备注 note 不能超过 500 个字' })
  note?: string;
}

export class SuspendedDto implements SuspendedUntil {
  @ApiProperty()
  @IsISO8601({ strict: true }, { message: '下次会议时间 nextAt 格式不正确' })
  nextAt: string;
  @ApiProperty()
  @IsString()
  @Length(1, 100, { message: '下次会议地点 nextPlace 应为 1 到 100 个字' })
  nextPlace: string;
  @ApiProperty()
  @IsArray({ message: '下次议题 nextTopics 应为列表' })
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Length(1, 60, { each: true, message: '下次议题每项应为 1 到 60 个字' })
  nextTopics: string[];
}

export class CreateSessionDto implements CreateSessionRequest {
  @ApiProperty()
  @IsUUID('all', { message: '记录编号 clientId 应为手机生成的 UUID' })
  clientId: string;
  @ApiProperty({ enum: SESSION_TYPES })
  @IsIn(SESSION_TYPES, { message: '会议类型 type 应为 negotiation 或 consultation_meeting' })
  type: SessionType;
  @ApiProperty()
  @IsISO8601({ strict: true }, { message: '会议时间 heldAt 格式不正确' })
  heldAt: string;
  @ApiPropertyOptional({ nullable: true })
  @Nullable()
  @IsString({ message: '会议地点 place 应为文字' })
  @Length(1, 100, { message: '会议地点 place 应为 1 到 100 个字' })
  place?: string | null;
  @ApiProperty()
  @IsBoolean({ message: '是否线上 online 应为 是/否' })
  online: boolean;
  @ApiProperty()
  @Nested(() => SessionSideDto)
  workerSide: SessionSideDto;
  @ApiProperty()
  @Nested(() => SessionSideDto)
  employerSide: SessionSideDto;
  @ApiPropertyOptional({ nullable: true })
  @Nullable()
  @IsString({ message: '记录员 recorder 应为文字' })
  @Length(1, 40, { message: '记录员 recorder 应为 1 到 40 个字' })
  recorder?: string | null;
  @ApiProperty({ type: [SessionTopicDto] })
  @IsArray({ message: '议题 topics 应为列表' })
  @ArrayMinSize(1, { message: '议题 topics 至少要有 1 项' })
  @ArrayMaxSize(30, { message: '议题 topics 最多 30 项' })
  @Nested(() => SessionTopicDto, { each: true })
  topics: SessionTopicDto[];
  @ApiProperty()
  @IsString({ message: '会议纪要 minutes 应为文字' })
  @Length(1, MINUTES_MAX_LENGTH, { message: `会议纪要 minutes 应为 1 到 ${MINUTES_MAX_LENGTH} 个字` })
  minutes: string;
  @ApiPropertyOptional({ nullable: true })
  @Nullable()
  @Nested(() => SuspendedDto)
  suspended?: SuspendedDto | null;
}

/** Every field of a session but the phone's id, each optional: a field left out stays as it is. */
export class UpdateSessionDto
  extends PartialType(OmitType(CreateSessionDto, ['clientId'] as const), { skipNullProperties: false })
  implements UpdateSessionRequest {}

export class PublishDto implements PublishRequest {
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @Length(1, 5000, { message: '公开摘要 summary 应为 1 到 5000 个字' })
  summary?: string;
}

export class PublishOutcomeDto implements PublishOutcomeRequest {
  @ApiProperty()
  @IsString()
  @Length(1, 80, { message: '标题 title 应为 1 到 80 个字' })
  title: string;
  @ApiProperty()
  @IsString()
  @Length(1, MINUTES_MAX_LENGTH, { message: `内容 body 应为 1 到 ${MINUTES_MAX_LENGTH} 个字` })
  body: string;
}

export class FeedbackDto implements FeedbackRequest {
  @ApiProperty()
  @IsInt({ message: '评分 rating 应为 1 到 5 的整数' })
  @Min(1, { message: '评分 rating 应为 1 到 5' })
  @Max(5, { message: '评分 rating 应为 1 到 5' })
  rating: number;
  @ApiProperty()
  @IsBoolean({ message: '是否了解合同内容 knowsContract 应为 是/否' })
  knowsContract: boolean;
}

export class ListSessionsQueryDto extends PageQueryDto implements ListSessionsQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'unpublishedOnly 应为 true 或 false' })
  unpublishedOnly?: 'true' | 'false';
}
