import { ApiProperty } from '@nestjs/swagger';
import type { ReportSubscriptionsRequest, SubscribeAnswer } from '@xst/shared-types';
import { IsObject } from 'class-validator';

export class ReportSubscriptionsDto implements ReportSubscriptionsRequest {
  @ApiProperty({ description: 'WeChat’s answer to requestSubscribeMessage: template id → accept | reject | ban | filter' })
  @IsObject({ message: '订阅结果 results 应为对象（模板编号 → 用户的选择）' })
  results: Record<string, SubscribeAnswer>;
}
