import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  CONTRACT_KINDS,
  CONTRACT_SCOPES,
  CONTRACT_STATUSES,
  type ContractKind,
  type ContractObjectionRequest,
  type ContractPackageItem,
  type ContractScope,
  type ContractStatus,
  type CreateContractPackageRequest,
  type CreateContractRequest,
  type ListContractsQuery,
  type UpdateContractRequest,
} from '@xst/shared-types';
import { PageQueryDto } from '../common/paging.js';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { Nested, Nullable, Optional, queryInt } from '../common/validation.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const REGION = /^\d{6}$/;

class ContractFieldsDto {
  @ApiPropertyOptional()
  @Optional()
  @IsUUID('all', { message: '要约编号 invitationId 格式不正确' })
  invitationId?: string;
  @ApiProperty({ enum: CONTRACT_SCOPES })
  @IsIn(CONTRACT_SCOPES, { message: '协商类别 scope 应为 enterprise、new_employment 或 industry_regional' })
  scope: ContractScope;
  @ApiProperty()
  @IsString()
  @Length(2, 200, { message: '合同名称 title 应为 2 到 200 个字' })
  title: string;
  @ApiProperty()
  @Matches(REGION, { message: '地区代码 regionCode 应为 6 位数字' })
  regionCode: string;
  @ApiProperty({ type: [String] })
  @IsArray({ message: '签约方 partyOrganizationIds 应为列表' })
  @ArrayMinSize(1, { message: '签约方 partyOrganizationIds 至少要有 1 个组织' })
  @ArrayMaxSize(200, { message: '签约方 partyOrganizationIds 最多 200 个' })
  @ArrayUnique({ message: '签约方 partyOrganizationIds 不能重复' })
  @IsUUID('all', { each: true, message: '签约方 partyOrganizationIds 的编号格式不正确' })
  partyOrganizationIds: string[];
  @ApiProperty({ example: '2024-03-10' })
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
  @ApiPropertyOptional({ nullable: true })
  @Nullable()
  @Matches(DATE, { message: '职代会通过日期 congressApprovedAt 应为 YYYY-MM-DD' })
  congressApprovedAt?: string | null;
  @ApiPropertyOptional({ nullable: true })
  @Nullable()
  @Matches(DATE, { message: '报送审查日期 filedAt 应为 YYYY-MM-DD' })
  filedAt?: string | null;
}

export class CreateContractDto extends ContractFieldsDto implements CreateContractRequest {
  @ApiProperty({ enum: CONTRACT_KINDS })
  @IsIn(CONTRACT_KINDS, { message: '合同种类 kind 应为 comprehensive、wage、safety_health 或 women_workers' })
  kind: ContractKind;
  @ApiPropertyOptional({ nullable: true })
  @Nullable()
  @IsUUID('all', { message: '续签的原合同 renewsContractId 格式不正确' })
  renewsContractId?: string | null;
}

export class ContractPackageItemDto implements ContractPackageItem {
  @ApiProperty({ enum: CONTRACT_KINDS })
  @IsIn(CONTRACT_KINDS, { message: '合同种类 kind 不是允许的选项' })
  kind: ContractKind;
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @Length(2, 200, { message: '合同名称 title 应为 2 到 200 个字' })
  title?: string;
  @ApiPropertyOptional()
  @Optional()
  @IsInt({ message: '覆盖企业数 enterprisesCovered 应为正整数' })
  @Min(1, { message: '覆盖企业数 enterprisesCovered 应为正整数（至少 1 家）' })
  @Max(10_000_000)
  enterprisesCovered?: number;
  @ApiPropertyOptional()
  @Optional()
  @IsInt({ message: '覆盖职工数 workersCovered 应为正整数' })
  @Min(1, { message: '覆盖职工数 workersCovered 应为正整数（至少 1 人）' })
  @Max(100_000_000)
  workersCovered?: number;
}

export class CreateContractPackageDto extends ContractFieldsDto implements CreateContractPackageRequest {
  @ApiPropertyOptional({ type: [ContractPackageItemDto] })
  @Optional()
  @IsArray({ message: '“1+3”合同 items 应为列表' })
  @ArrayMaxSize(4, { message: '“1+3”合同 items 最多 4 项' })
  @Nested(() => ContractPackageItemDto, { each: true })
  items?: ContractPackageItemDto[];
}

/** Every field of a recorded contract but the invitation it concludes, each optional: a field left out stays. */
export class UpdateContractDto
  extends PartialType(OmitType(CreateContractDto, ['invitationId'] as const), { skipNullProperties: false })
  implements UpdateContractRequest {}

export class ContractObjectionDto implements ContractObjectionRequest {
  @ApiProperty()
  @Matches(DATE, { message: '收到审查意见书的日期 receivedAt 应为 YYYY-MM-DD' })
  receivedAt: string;
  @ApiProperty()
  @IsString()
  @Length(2, 5000, { message: '审查意见 points 应为 2 到 5000 个字' })
  points: string;
}

const toBool = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

export class ListContractsQueryDto extends PageQueryDto implements ListContractsQuery {
  @ApiPropertyOptional({ enum: CONTRACT_SCOPES })
  @IsOptional()
  @IsIn(CONTRACT_SCOPES, { message: '协商类别 scope 不是允许的选项' })
  scope?: ContractScope;
  @ApiPropertyOptional({ enum: CONTRACT_KINDS })
  @IsOptional()
  @IsIn(CONTRACT_KINDS, { message: '合同种类 kind 不是允许的选项' })
  kind?: ContractKind;
  @ApiPropertyOptional({ enum: CONTRACT_STATUSES })
  @IsOptional()
  @IsIn(CONTRACT_STATUSES, { message: '合同状态 status 不是允许的选项' })
  status?: ContractStatus;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(REGION, { message: '地区代码 regionCode 应为 6 位数字' })
  regionCode?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: '组织编号 organizationId 格式不正确' })
  organizationId?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(queryInt)
  @IsInt({ message: '到期天数 expiringWithinDays 应为整数' })
  @Min(0)
  @Max(1100)
  expiringWithinDays?: number;
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'expiredNotRenewed 应为 true 或 false' })
  expiredNotRenewed?: boolean;
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(queryInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}
