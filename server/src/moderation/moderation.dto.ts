import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ModerationDecision, ModerationDecisionRequest, ModerationQuery } from '@xst/shared-types';
import { IsIn } from 'class-validator';
import { Optional } from '../common/validation.js';

export class ModerationDecisionDto implements ModerationDecisionRequest {
  @ApiProperty({ enum: ['approve', 'hide'] })
  @IsIn(['approve', 'hide'], { message: '审核结果 decision 应为 approve（通过）或 hide（不予显示）' })
  decision: ModerationDecision;
}

export class ModerationQueryDto implements ModerationQuery {
  @ApiPropertyOptional({ enum: ['held', 'decided'] })
  @Optional()
  @IsIn(['held', 'decided'], { message: '状态 status 应为 held（待审核）或 decided（已审核）' })
  status?: 'held' | 'decided';
}
