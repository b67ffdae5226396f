import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  CONSULTATION_LIMITS as L,
  CONSULTATION_MODES,
  CONSULTATION_STATUSES,
  ELIGIBILITIES,
  INDUSTRIES,
  RESULTS_VISIBILITIES,
  TOPIC_CODES,
  type BallotRequest,
  type ConsultationMode,
  type ConsultationStatus,
  type CreateConsultationRequest,
  type Eligibility,
  type ExtendConsultationRequest,
  type Industry,
  type ListConsultationsQuery,
  type ResultsVisibility,
  type TopicInput,
  type UpdateConsultationRequest,
} from '@xst/shared-types';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsUUID,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Nested, Nullable, Optional } from '../common/validation.js';

export class TopicInputDto implements TopicInput {
  @ApiPropertyOptional({ description: 'A code of the topic catalog' })
  @Optional()
  @IsIn(TOPIC_CODES as string[], { message: '议题代码 code 不在议题目录中' })
  code?: string;
  @ApiPropertyOptional()
  @Optional()
  @IsString({ message: '议题名称 title 应为文字' })
  @Length(1, L.topicTitleMax, { message: `议题名称 title 应为 1 到 ${L.topicTitleMax} 个字` })
  title?: string;
  @ApiPropertyOptional()
  @Optional()
  @IsString({ message: '议题说明 description 应为文字' })
  @MaxLength(L.topicDescriptionMax, { message: `议题说明 description 不能超过 ${L.topicDescriptionMax} 个字` })
  description?: string;
}

const ISO = { strict: true, strictSeparator: true };

export class CreateConsultationDto implements CreateConsultationRequest {
  @ApiProperty()
  @IsString({ message: '标题 title 应为文字' })
  @Length(1, L.titleMax, { message: `标题 title 应为 1 到 ${L.titleMax} 个字` })
  title: string;

  @ApiPropertyOptional({ nullable: true })
  @Nullable()
  @IsString({ message: '说明 description 应为文字' })
  @MaxLength(L.descriptionMax, { message: `说明 description 不能超过 ${L.descriptionMax} 个字` })
  description?: string | null;

  @ApiProperty()
  @Matches(/^\d{6}$/, { message: '地区代码 regionCode 应为 6 位数字' })
  regionCode: string;

  @ApiProperty({ enum: INDUSTRIES, isArray: true })
  @IsArray({ message: '行业 industries 应为列表' })
  @ArrayMinSize(1, { message: '行业 industries 至少选 1 个' })
  @ArrayUnique({ message: '行业 industries 不能重复' })
  @IsIn(INDUSTRIES, { each: true, message: '行业 industries 中有不可选的行业' })
  industries: Industry[];

  @ApiProperty()
  @IsISO8601(ISO, { message: '开始时间 opensAt 格式不正确' })
  opensAt: string;

  @ApiProperty()
  @IsISO8601(ISO, { message: '截止时间 closesAt 格式不正确' })
  closesAt: string;

  @ApiProperty({ enum: CONSULTATION_MODES })
  @IsIn(CONSULTATION_MODES, { message: '方式 mode 应为 single、multiple 或 ranking' })
  mode: ConsultationMode;

  @ApiPropertyOptional()
  @Optional()
  @IsInt({ message: '最多可选 maxChoices 应为整数' })
  @Min(1, { message: '最多可选 maxChoices 至少为 1' })
  @Max(L.maxTopics, { message: `最多可选 maxChoices 不能大于 ${L.maxTopics}` })
  maxChoices?: number;

  @ApiProperty({ type: [TopicInputDto] })
  @IsArray({ message: '议题 topics 应为列表' })
  @ArrayMinSize(L.minTopics, { message: `议题 topics 至少 ${L.minTopics} 个` })
  @ArrayMaxSize(L.maxTopics, { message: `议题 topics 最多 ${L.maxTopics} 个` })
  @Nested(() => TopicInputDto, { each: true })
  topics: TopicInputDto[];

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean({ message: '允许提建议 allowSuggestions 应为 是/否' })
  allowSuggestions?: boolean;

  @ApiPropertyOptional({ enum: RESULTS_VISIBILITIES })
  @Optional()
  @IsIn(RESULTS_VISIBILITIES, { message: '结果公开方式 resultsVisibility 应为 after_vote 或 after_close' })
  resultsVisibility?: ResultsVisibility;

  @ApiPropertyOptional({ enum: ELIGIBILITIES })
  @Optional()
  @IsIn(ELIGIBILITIES, { message: '参与资格 eligibility 应为 self_declared 或 verified' })
  eligibility?: Eligibility;

  @ApiPropertyOptional({ nullable: true })
  @Nullable()
  @IsUUID('all', { message: '平台 platformOrgId 格式不正确' })
  platformOrgId?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @Nullable()
  @IsInt({ message: '范围内人数 headcount 应为整数' })
  @Min(1, { message: '范围内人数 headcount 至少为 1' })
  @Max(100_000_000, { message: '范围内人数 headcount 太大了' })
  headcount?: number | null;

  @ApiPropertyOptional({ nullable: true })
  @Nullable()
  @IsString({ message: '人数来源 headcountSource 应为文字' })
  @Length(1, 60, { message: '人数来源 headcountSource 应为 1 到 60 个字' })
  headcountSource?: string | null;
}

/** Every field of a new consultation, each optional: what changes before it opens; a field left out stays. */
export class UpdateConsultationDto
  extends PartialType(CreateConsultationDto, { skipNullProperties: false })
  implements UpdateConsultationRequest {}

export class ExtendConsultationDto implements ExtendConsultationRequest {
  @ApiProperty()
  @IsISO8601(ISO, { message: '新的截止时间 closesAt 格式不正确' })
  closesAt: string;
}

export class ListConsultationsDto implements ListConsultationsQuery {
  @ApiPropertyOptional({ enum: CONSULTATION_STATUSES })
  @IsOptional()
  @IsIn(CONSULTATION_STATUSES, { message: '状态 status 应为 upcoming、open 或 closed' })
  status?: ConsultationStatus;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'voted 应为 true 或 false' })
  voted?: 'true' | 'false';
}

export class BallotDto implements BallotRequest {
  @ApiProperty({ type: [String], description: 'Topic ids; in ranking mode, most important first' })
  @IsArray({ message: '选择 choices 应为列表' })
  @ArrayMinSize(1, { message: '请至少选择 1 个议题' })
  @ArrayMaxSize(L.maxTopics, { message: `选择 choices 最多 ${L.maxTopics} 项` })
  @IsString({ each: true, message: '选择 choices 中的议题编号应为文字' })
  @Length(36, 36, { each: true, message: '选择 choices 中有不属于本次征集的议题' })
  choices: string[];

  @ApiPropertyOptional()
  @Optional()
  @IsString({ message: '建议 suggestion 应为文字' })
  @MaxLength(L.suggestionMax, { message: `建议 suggestion 不能超过 ${L.suggestionMax} 个字` })
  suggestion?: string;
}
