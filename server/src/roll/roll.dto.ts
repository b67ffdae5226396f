import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  INDUSTRIES,
  ROLL_LIMITS as L,
  type CreateCodeBatchRequest,
  type Industry,
  type RedeemRollCodeRequest,
  type RevokeCodesRequest,
  type RollSummaryQuery,
  type UploadRosterRequest,
  type VerifyPhoneRequest,
} from '@xst/shared-types';
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
import { Nullable, Optional } from '../common/validation.js';

export class RedeemRollCodeDto implements RedeemRollCodeRequest {
  @ApiProperty({ description: 'The code as printed on the sheet' })
  @IsString({ message: '核验码 code 应为文字' })
  @Length(1, 40, { message: '核验码 code 长度不正确' })
  code: string;
}

export class VerifyPhoneDto implements VerifyPhoneRequest {
  @ApiProperty({ description: 'The code of the getPhoneNumber button' })
  @IsString({ message: '手机号凭证 code 应为文字' })
  @Length(1, 128, { message: '手机号凭证 code 长度不正确' })
  code: string;
}

export class CreateCodeBatchDto implements CreateCodeBatchRequest {
  @ApiProperty()
  @IsString({ message: '名称 label 应为文字' })
  @Length(1, L.labelMax, { message: `名称 label 应为 1 到 ${L.labelMax} 个字` })
  label: string;

  @ApiProperty({ enum: INDUSTRIES })
  @IsIn(INDUSTRIES, { message: '行业 industry 不是可选的行业' })
  industry: Industry;

  @ApiProperty()
  @Matches(/^\d{6}$/, { message: '地区代码 regionCode 应为 6 位数字' })
  regionCode: string;

  @ApiPropertyOptional({ nullable: true })
  @Nullable()
  @IsUUID('all', { message: '平台 platformOrgId 格式不正确' })
  platformOrgId?: string | null;

  @ApiProperty({ minimum: 1, maximum: L.maxCodesPerBatch })
  @IsInt({ message: '数量 count 应为整数' })
  @Min(1, { message: '数量 count 至少 1 个' })
  @Max(L.maxCodesPerBatch, { message: `数量 count 一次最多 ${L.maxCodesPerBatch} 个` })
  count: number;

  @ApiProperty()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: '有效期 expiresAt 应为日期时间' })
  expiresAt: string;
}

export class RevokeCodesDto implements RevokeCodesRequest {
  @ApiPropertyOptional({ type: [Number] })
  @Optional()
  @IsArray({ message: '编号 numbers 应为列表' })
  @ArrayMinSize(1, { message: '编号 numbers 至少 1 个' })
  @ArrayMaxSize(L.maxCodesPerBatch, { message: `编号 numbers 最多 ${L.maxCodesPerBatch} 个` })
  @ArrayUnique({ message: '编号 numbers 不能重复' })
  @IsInt({ each: true, message: '编号 numbers 应为整数' })
  @Min(1, { each: true, message: '编号 numbers 从 1 开始' })
  numbers?: number[];
}

export class UploadRosterDto implements UploadRosterRequest {
  @ApiProperty()
  @IsString({ message: '名称 label 应为文字' })
  @Length(1, L.labelMax, { message: `名称 label 应为 1 到 ${L.labelMax} 个字` })
  label: string;

  @ApiProperty({ enum: INDUSTRIES })
  @IsIn(INDUSTRIES, { message: '行业 industry 不是可选的行业' })
  industry: Industry;

  @ApiProperty()
  @Matches(/^\d{6}$/, { message: '地区代码 regionCode 应为 6 位数字' })
  regionCode: string;

  @ApiPropertyOptional()
  @Optional()
  @IsUUID('all', { message: '平台 platformOrgId 格式不正确' })
  platformOrgId?: string;
}

export class RollSummaryQueryDto implements RollSummaryQuery {
  @ApiPropertyOptional()
  @Optional()
  @Matches(/^\d{6}$/, { message: '地区代码 regionCode 应为 6 位数字' })
  regionCode?: string;
}
