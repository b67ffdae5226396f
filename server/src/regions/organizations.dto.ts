import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  ENTERPRISE_INDUSTRIES,
  ORGANIZATION_TYPES,
  type CreateOrganizationRequest,
  type EnterpriseIndustry,
  type ListOrganizationsQuery,
  type OrganizationType,
  type RegionsQuery,
  type UpdateOrganizationRequest,
} from '@xst/shared-types';
import { PageQueryDto } from '../common/paging.js';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { Nullable, Optional } from '../common/validation.js';

export class CreateOrganizationDto implements CreateOrganizationRequest {
  @ApiProperty({ enum: ORGANIZATION_TYPES })
  @IsIn(ORGANIZATION_TYPES, { message: '组织类型 type 应为 union、enterprise 或 association' })
  type: OrganizationType;
  @ApiProperty()
  @IsString({ message: '名称 name 应为文字' })
  @Length(2, 100, { message: '名称 name 应为 2 到 100 个字' })
  name: string;
  @ApiProperty()
  @Matches(/^\d{6}$/, { message: '地区代码 regionCode 应为 6 位数字' })
  regionCode: string;
  @ApiPropertyOptional({ nullable: true })
  @Nullable()
  @IsString({ message: '统一社会信用代码 uscc 应为文字' })
  @Length(18, 18, { message: '统一社会信用代码 uscc 应为 18 位' })
  uscc?: string | null;
  @ApiPropertyOptional({ enum: ENTERPRISE_INDUSTRIES, nullable: true, description: '国民经济行业分类（GB/T 4754-2017）门类字母' })
  @Nullable()
  @IsIn(ENTERPRISE_INDUSTRIES, { message: '行业 industry 应为国民经济行业分类的门类字母（A 至 T）' })
  industry?: EnterpriseIndustry | null;
  @ApiPropertyOptional() @Optional() @IsBoolean({ message: '平台企业 isPlatform 应为 是/否' }) isPlatform?: boolean;
  @ApiPropertyOptional({ nullable: true })
  @Nullable()
  @IsInt({ message: '职工人数 employees 应为整数' })
  @Min(0, { message: '职工人数 employees 不能小于 0' })
  @Max(100_000_000, { message: '职工人数 employees 太大了' })
  employees?: number | null;
  @ApiPropertyOptional() @Optional() @IsBoolean({ message: '重点企业 isKeyEnterprise 应为 是/否' }) isKeyEnterprise?: boolean;
  @ApiPropertyOptional() @Optional() @IsBoolean({ message: '已建工会 hasUnion 应为 是/否' }) hasUnion?: boolean;
  @ApiPropertyOptional({ example: '2024-03-20', nullable: true, description: '建会日期；null 清除' })
  @Nullable()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '建会日期 unionisedAt 应为 YYYY-MM-DD' })
  unionisedAt?: string | null;
  @ApiPropertyOptional({ example: '13812345678', nullable: true, description: '联系手机（大陆手机号）；null 清除' })
  @Nullable()
  @IsString({ message: '联系手机 contactPhone 应为文字' })
  @MaxLength(20, { message: '联系手机 contactPhone 应为 11 位大陆手机号' })
  contactPhone?: string | null;
}

/** Every field of a new organization but its type, each optional: a field left out stays as it is. */
export class UpdateOrganizationDto
  extends PartialType(OmitType(CreateOrganizationDto, ['type'] as const), { skipNullProperties: false })
  implements UpdateOrganizationRequest {}

export class ListOrganizationsQueryDto extends PageQueryDto implements ListOrganizationsQuery {
  @ApiPropertyOptional({ enum: ORGANIZATION_TYPES })
  @IsOptional()
  @IsIn(ORGANIZATION_TYPES, { message: '组织类型 type 不正确' })
  type?: OrganizationType;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{6}$/, { message: '地区代码 regionCode 应为 6 位数字' })
  regionCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) q?: string;
}

export class RegionsQueryDto implements RegionsQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{6}$/, { message: '上级地区代码 parent 应为 6 位数字' })
  parent?: string;
}
