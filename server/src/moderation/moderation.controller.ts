import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Auth, Roles, type AuthContext } from '../common/auth.js';
import { UuidPipe } from '../common/pipes.js';
import { ModerationDecisionDto, ModerationQueryDto } from './moderation.dto.js';
import { ModerationService } from './moderation.service.js';

/** The region's moderation queue: texts held until an organizer approves or hides them. */
@ApiTags('moderation')
@ApiBearerAuth()
@Controller('moderation')
export class ModerationController {
  constructor(@Inject(ModerationService) private readonly moderation: ModerationService) {}

  @Get()
  @Roles('organizer')
  list(@Auth() auth: AuthContext, @Query() q: ModerationQueryDto) {
    return this.moderation.list(auth, q.status ?? 'held');
  }

  @Post(':id/decision')
  @Roles('organizer')
  @HttpCode(200)
  decide(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: ModerationDecisionDto) {
    return this.moderation.decide(auth, id, dto.decision);
  }
}
