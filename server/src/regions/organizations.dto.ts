import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { ORGANIZATION_TYPES, type OrganizationType } from '@xst/shared-types';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';

export class CreateOrganizationDto {
  @ApiProperty({ enum: ORGANIZATION_TYPES })
  @IsIn(ORGANIZATION_TYPES, { message: '组织类型 type 应为 union、enterprise 或 association' })
  type: OrganizationType;
  @ApiProperty()
  @IsString()
  @Length(2, 100, { message: '名称 name 应为 2 到 100 个字' })
  name: string;
  @ApiProperty()
  @Matches(/^\d{6}$/, { message: '地区代码 regionCode 应为 6 位数字' })
  regionCode: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(18, 18, { message: '统一社会信用代码 uscc 应为 18 位' })
  uscc?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(40)
  industry?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isPlatform?: boolean;
  @ApiPropertyOptional()
  @IsOptional()
  @IsInt({ message: '职工人数 employees 应为整数' })
  @Min(0)
  @Max(100_000_000)
  employees?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isKeyEnterprise?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() hasUnion?: boolean;
}

/** Every field of a new organization but its type, each optional. */
export class UpdateOrganizationDto extends PartialType(OmitType(CreateOrganizationDto, ['type'] as const)) {}

export class ListOrganizationsQuery {
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

export class RegionsQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{6}$/, { message: '上级地区代码 parent 应为 6 位数字' })
  parent?: string;
}
