import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  INDUSTRIES,
  ROLES,
  type CreateInviteCodeRequest,
  type DevLoginRequest,
  type Industry,
  type RedeemRequest,
  type Role,
  type UpdateMeRequest,
  type WechatLoginRequest,
} from '@xst/shared-types';
import { IsIn, IsInt, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../common/validation.js';

export class WechatLoginDto implements WechatLoginRequest {
  @ApiProperty({ description: 'The code from wx.login / Taro.login' })
  @IsString({ message: '登录凭证 code 应为文字' })
  @Length(1, 128, { message: '登录凭证 code 长度不正确' })
  code: string;
}

export class DevLoginDto implements DevLoginRequest {
  @ApiProperty()
  @IsString()
  @Length(1, 64)
  @Matches(/^[\w.-]+$/, { message: 'openid 只能包含字母、数字、下划线、点和横线' })
  openid: string;
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: 'role 应为 worker、organizer、enterprise 或 admin' })
  role: Role;
  @ApiPropertyOptional()
  @Optional()
  @Matches(/^\d{6}$/, { message: '地区代码 regionCode 应为 6 位数字' })
  regionCode?: string;
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @Length(36, 36, { message: '组织编号 organizationId 格式不正确' })
  organizationId?: string;
}

export class UpdateMeDto implements UpdateMeRequest {
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @Length(1, 40, { message: '称呼 displayName 应为 1 到 40 个字' })
  displayName?: string;
  @ApiPropertyOptional({ enum: INDUSTRIES })
  @Optional()
  @IsIn(INDUSTRIES, { message: '行业 industry 不是可选的行业' })
  industry?: Industry;
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(40, { message: '平台名称 platform 不能超过 40 个字' })
  platform?: string;
  @ApiPropertyOptional()
  @Optional()
  @Matches(/^\d{6}$/, { message: '所在城市 regionCode 应为 6 位地区代码' })
  regionCode?: string;
}

export class CreateInviteCodeDto implements CreateInviteCodeRequest {
  @ApiProperty({ enum: ['organizer', 'enterprise', 'admin'] })
  @IsIn(['organizer', 'enterprise', 'admin'], { message: '角色 role 应为 organizer、enterprise 或 admin' })
  role: Exclude<Role, 'worker'>;
  @ApiProperty()
  @IsString()
  @Length(36, 36, { message: '组织编号 organizationId 格式不正确' })
  organizationId: string;
  @ApiProperty()
  @Matches(/^\d{6}$/, { message: '地区代码 regionCode 应为 6 位数字' })
  regionCode: string;
  @ApiPropertyOptional()
  @Optional()
  @IsInt({ message: '有效天数 validDays 应为整数' })
  @Min(1)
  @Max(90)
  validDays?: number;
}

export class RedeemDto implements RedeemRequest {
  @ApiProperty()
  @IsString()
  @Matches(/^[A-Z0-9]{8,16}$/, { message: '邀请码 code 格式不正确' })
  code: string;
}
