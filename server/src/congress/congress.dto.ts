import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CONGRESS_CHOICES,
  CONTRACT_KINDS,
  DRAFT_COMMENT_MAX_LENGTH,
  DRAFT_SUMMARY_MAX_LENGTH,
  DRAFT_TEXT_MAX_LENGTH,
  ELECTORATE_KINDS,
  INDUSTRIES,
  type CheckInRequest,
  type CongressBallotRequest,
  type CongressChoice,
  type ContractKind,
  type CreateCongressRequest,
  type CreateDraftRequest,
  type DraftCommentRequest,
  type DraftDiffQuery,
  type DraftVersionRequest,
  type ElectorateKind,
  type FilingSide,
  type Industry,
  type RecordAdoptedContractRequest,
} from '@xst/shared-types';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { Nested, Optional, queryInt } from '../common/validation.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Text with something in it besides spaces. */
const FILLED = /\S/;

export class CreateDraftDto implements CreateDraftRequest {
  @ApiProperty()
  @IsUUID('all', { message: '协商会议 sessionId 格式不正确' })
  sessionId: string;
  @ApiProperty({ enum: CONTRACT_KINDS })
  @IsIn(CONTRACT_KINDS, { message: '合同种类 kind 应为 comprehensive、wage、safety_health 或 women_workers' })
  kind: ContractKind;
  @ApiProperty()
  @IsString({ message: '草案名称 title 应为文字' })
  @Length(2, 200, { message: '草案名称 title 应为 2 到 200 个字' })
  @Matches(FILLED, { message: '草案名称 title 不能只有空格' })
  title: string;
  @ApiPropertyOptional()
  @Optional()
  @IsString({ message: '草案文本 text 应为文字' })
  @Length(10, DRAFT_TEXT_MAX_LENGTH, { message: `草案文本 text 应为 10 到 ${DRAFT_TEXT_MAX_LENGTH} 个字` })
  text?: string;
  @ApiProperty()
  @IsString({ message: '通俗说明 summary 应为文字' })
  @Length(5, DRAFT_SUMMARY_MAX_LENGTH, { message: `通俗说明 summary 应为 5 到 ${DRAFT_SUMMARY_MAX_LENGTH} 个字` })
  @Matches(FILLED, { message: '通俗说明 summary 不能只有空格' })
  summary: string;
}

export class DraftVersionDto implements DraftVersionRequest {
  @ApiProperty()
  @IsString({ message: '草案文本 text 应为文字' })
  @Length(10, DRAFT_TEXT_MAX_LENGTH, { message: `草案文本 text 应为 10 到 ${DRAFT_TEXT_MAX_LENGTH} 个字` })
  text: string;
  @ApiProperty()
  @IsString({ message: '通俗说明 summary 应为文字' })
  @Length(5, DRAFT_SUMMARY_MAX_LENGTH, { message: `通俗说明 summary 应为 5 到 ${DRAFT_SUMMARY_MAX_LENGTH} 个字` })
  @Matches(FILLED, { message: '通俗说明 summary 不能只有空格' })
  summary: string;
  @ApiProperty()
  @IsString({ message: '修改说明 note 应为文字' })
  @Length(2, 500, { message: '修改说明 note 应为 2 到 500 个字：说明这一稿改了什么' })
  @Matches(FILLED, { message: '修改说明 note 不能只有空格' })
  note: string;
}

export class DiffQueryDto implements DraftDiffQuery {
  @ApiProperty()
  @Transform(queryInt)
  @IsInt({ message: '比较的版本 from 应为整数' })
  @Min(1, { message: '比较的版本 from 至少为 1' })
  from: number;
  @ApiProperty()
  @Transform(queryInt)
  @IsInt({ message: '比较的版本 to 应为整数' })
  @Min(1, { message: '比较的版本 to 至少为 1' })
  to: number;
}

export class DraftCommentDto implements DraftCommentRequest {
  @ApiProperty()
  @IsString({ message: '意见 body 应为文字' })
  @Length(2, DRAFT_COMMENT_MAX_LENGTH, { message: `意见 body 应为 2 到 ${DRAFT_COMMENT_MAX_LENGTH} 个字` })
  @Matches(FILLED, { message: '意见 body 不能只有空格' })
  body: string;
}

export class CreateCongressDto implements CreateCongressRequest {
  @ApiProperty()
  @IsUUID('all', { message: '合同草案 draftId 格式不正确' })
  draftId: string;
  @ApiProperty()
  @IsString({ message: '会议名称 title 应为文字' })
  @Length(2, 100, { message: '会议名称 title 应为 2 到 100 个字' })
  @Matches(FILLED, { message: '会议名称 title 不能只有空格' })
  title: string;
  @ApiProperty({ enum: ELECTORATE_KINDS })
  @IsIn(ELECTORATE_KINDS, { message: '参会范围 electorate 应为 roll（全体职工）或 representatives（职工代表）' })
  electorate: ElectorateKind;
  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray({ message: '职工代表 memberUserIds 应为列表' })
  @ArrayMinSize(1, { message: '职工代表 memberUserIds 至少要有 1 人' })
  @ArrayMaxSize(5000, { message: '职工代表 memberUserIds 最多 5000 人' })
  @ArrayUnique({ message: '职工代表 memberUserIds 不能重复' })
  @IsUUID('all', { each: true, message: '职工代表 memberUserIds 的账号编号格式不正确' })
  memberUserIds?: string[];
  @ApiPropertyOptional({ enum: INDUSTRIES })
  @Optional()
  @IsIn(INDUSTRIES, { message: '行业 industry 不是允许的选项' })
  industry?: Industry;
  @ApiProperty()
  @IsISO8601({ strict: true }, { message: '开始时间 opensAt 应为日期时间（ISO 8601）' })
  opensAt: string;
  @ApiProperty()
  @IsISO8601({ strict: true }, { message: '结束时间 closesAt 应为日期时间（ISO 8601）' })
  closesAt: string;
  @ApiPropertyOptional()
  @Optional()
  @IsString({ message: '现场会场 venue 应为文字' })
  @Length(2, 100, { message: '现场会场 venue 应为 2 到 100 个字' })
  venue?: string;
}

export class CheckInDto implements CheckInRequest {
  @ApiProperty()
  @IsUUID('all', { message: '签到的职工 userId 格式不正确' })
  userId: string;
}

export class CongressBallotDto implements CongressBallotRequest {
  @ApiProperty({ enum: CONGRESS_CHOICES })
  @IsIn(CONGRESS_CHOICES, { message: '表决意见 choice 应为 approve（赞成）、reject（反对）或 abstain（弃权）' })
  choice: CongressChoice;
}

export class FilingSideDto implements FilingSide {
  @ApiProperty()
  @IsString({ message: '首席代表 chief 应为文字' })
  @Length(1, 40, { message: '首席代表 chief 应为 1 到 40 个字' })
  @Matches(FILLED, { message: '首席代表 chief 不能只有空格' })
  chief: string;
  @ApiProperty({ type: [String] })
  @IsArray({ message: '协商代表 members 应为列表' })
  @ArrayMinSize(2, { message: '协商代表 members 除首席代表外至少 2 人（每方不少于 3 人）' })
  @ArrayMaxSize(49, { message: '协商代表 members 最多 49 人' })
  @IsString({ each: true, message: '协商代表 members 应为姓名' })
  @Length(1, 40, { each: true, message: '协商代表 members 的姓名应为 1 到 40 个字' })
  members: string[];
}

export class RecordAdoptedContractDto implements RecordAdoptedContractRequest {
  @ApiProperty({ example: '2024-05-10' })
  @Matches(DATE, { message: '签订日期 signedAt 应为 YYYY-MM-DD' })
  signedAt: string;
  @ApiProperty()
  @Matches(DATE, { message: '生效日期 effectiveFrom 应为 YYYY-MM-DD' })
  effectiveFrom: string;
  @ApiProperty()
  @Matches(DATE, { message: '到期日期 expiresAt 应为 YYYY-MM-DD' })
  expiresAt: string;
  @ApiProperty()
  @IsInt({ message: '覆盖企业数 enterprisesCovered 应为正整数' })
  @Min(1, { message: '覆盖企业数 enterprisesCovered 应为正整数（至少 1 家）' })
  @Max(10_000_000)
  enterprisesCovered: number;
  @ApiProperty()
  @IsInt({ message: '覆盖职工数 workersCovered 应为正整数' })
  @Min(1, { message: '覆盖职工数 workersCovered 应为正整数（至少 1 人）' })
  @Max(100_000_000)
  workersCovered: number;
  @ApiProperty({ type: FilingSideDto })
  @Nested(() => FilingSideDto)
  workerSide: FilingSideDto;
  @ApiProperty({ type: FilingSideDto })
  @Nested(() => FilingSideDto)
  employerSide: FilingSideDto;
  @ApiProperty()
  @IsString({ message: '代表产生情况 representativesChosen 应为文字' })
  @Length(10, 2000, { message: '代表产生情况 representativesChosen 应为 10 到 2000 个字：说明双方代表是怎样产生的' })
  representativesChosen: string;
}
