import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ACTIVITY_TYPES,
  STATISTICS_GROUP_BY,
  type ActivityType,
  type CreateActivityRequest,
  type FormQuery,
  type LedgerQuery,
  type StatisticsGroupBy,
  type StatisticsPeriodQuery,
} from '@xst/shared-types';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Optional } from '../common/validation.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const REGION = /^\d{6}$/;

export class PeriodQueryDto implements StatisticsPeriodQuery {
  @ApiPropertyOptional({ description: '默认为本人所在地区' })
  @IsOptional()
  @Matches(REGION, { message: '地区代码 regionCode 应为 6 位数字' })
  regionCode?: string;
  @ApiProperty({ example: '2024-03-05' })
  @Matches(DATE, { message: '开始日期 from 应为 YYYY-MM-DD' })
  from: string;
  @ApiProperty({ example: '2024-06-05' })
  @Matches(DATE, { message: '结束日期 to 应为 YYYY-MM-DD' })
  to: string;
}

export class FormQueryDto extends PeriodQueryDto implements FormQuery {
  @ApiPropertyOptional({ enum: STATISTICS_GROUP_BY })
  @IsOptional()
  @IsIn(STATISTICS_GROUP_BY, { message: '分组 groupBy 应为 city 或 county' })
  groupBy?: StatisticsGroupBy;
}

/** The ledger stands as of the period's end (today when absent); its title takes the year of that end. */
export class LedgerQueryDto implements LedgerQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(REGION, { message: '地区代码 regionCode 应为 6 位数字' })
  regionCode?: string;
  @ApiPropertyOptional({ example: '2024-03-05' })
  @IsOptional()
  @Matches(DATE, { message: '开始日期 from 应为 YYYY-MM-DD' })
  from?: string;
  @ApiPropertyOptional({ example: '2024-06-05' })
  @IsOptional()
  @Matches(DATE, { message: '结束日期 to 应为 YYYY-MM-DD' })
  to?: string;
}

export class CreateActivityDto implements CreateActivityRequest {
  @ApiProperty({ enum: ACTIVITY_TYPES })
  @IsIn(ACTIVITY_TYPES, { message: '工作类型 type 不是允许的选项' })
  type: ActivityType;
  @ApiProperty()
  @Matches(REGION, { message: '地区代码 regionCode 应为 6 位数字' })
  regionCode: string;
  @ApiProperty()
  @Matches(DATE, { message: '日期 occurredAt 应为 YYYY-MM-DD' })
  occurredAt: string;
  @ApiPropertyOptional()
  @Optional()
  @IsInt({ message: '数量 count 应为正整数' })
  @Min(1, { message: '数量 count 应为正整数' })
  @Max(1_000_000)
  count?: number;
  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray({ message: '企业 enterpriseIds 应为列表' })
  @ArrayMaxSize(1000, { message: '企业 enterpriseIds 最多 1000 家' })
  @ArrayUnique({ message: '企业 enterpriseIds 不能重复' })
  @IsUUID('all', { each: true, message: '企业 enterpriseIds 的编号格式不正确' })
  enterpriseIds?: string[];
  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray({ message: '新就业形态企业 newEmploymentEnterpriseIds 应为列表' })
  @ArrayMaxSize(1000, { message: '新就业形态企业 newEmploymentEnterpriseIds 最多 1000 家' })
  @ArrayUnique({ message: '新就业形态企业 newEmploymentEnterpriseIds 不能重复' })
  @IsUUID('all', { each: true, message: '新就业形态企业 newEmploymentEnterpriseIds 的编号格式不正确' })
  newEmploymentEnterpriseIds?: string[];
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(2000, { message: '说明 note 不能超过 2000 个字' })
  note?: string;
}

export class ListActivitiesQueryDto extends PeriodQueryDto implements StatisticsPeriodQuery {}
