import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import {
  PETITION_STATUSES,
  type ListPetitionsQuery,
  type PetitionFiguresQuery,
  type PetitionInvitationRequest,
  type PetitionStatus,
  type StartPetitionRequest,
} from '@xst/shared-types';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { Optional } from '../common/validation.js';
import { CreateInvitationDto } from '../invitations/invitations.dto.js';

export class StartPetitionDto implements StartPetitionRequest {
  @ApiProperty()
  @IsString()
  @IsUUID('all', { message: '企业 organizationId 格式不正确' })
  organizationId: string;
  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray({ message: '议题 topics 应为列表' })
  @ArrayMaxSize(10, { message: '议题 topics 最多 10 项' })
  @Matches(/^[a-z0-9_]{1,40}$/, { each: true, message: '议题 topics 应为目录里的议题代码' })
  topics?: string[];
}

export class ListPetitionsDto implements ListPetitionsQuery {
  @ApiPropertyOptional({ enum: PETITION_STATUSES })
  @IsOptional()
  @IsIn(PETITION_STATUSES, { message: '状态 status 应为 collecting、obliged、overdue 或 answered' })
  status?: PetitionStatus;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class PetitionFiguresDto implements PetitionFiguresQuery {
  @ApiPropertyOptional({ description: '默认为本人所在地区' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: '地区代码 regionCode 应为 6 位数字' })
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

/** The invitation composed from a petition: addressed to the petition's employer, and sent (never a draft). */
export class PetitionInvitationDto
  extends OmitType(CreateInvitationDto, ['toOrganizationId', 'draft'] as const)
  implements PetitionInvitationRequest {}
