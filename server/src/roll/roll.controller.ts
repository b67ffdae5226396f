import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Auth, Roles, type AuthContext } from '../common/auth.js';
import { UuidPipe } from '../common/pipes.js';
import { RateLimit } from '../common/rate-limit.js';
import { CreateCodeBatchDto, RedeemRollCodeDto, RevokeCodesDto, RollSummaryQueryDto } from './roll.dto.js';
import { RollService } from './roll.service.js';

@ApiTags('roll')
@ApiBearerAuth()
@Controller('roll')
export class RollController {
  constructor(@Inject(RollService) private readonly roll: RollService) {}

  @Get('me')
  @Roles('worker')
  mine(@Auth() auth: AuthContext) {
    return this.roll.mine(auth);
  }

  /** Limited like sign-in, per address: codes cannot be guessed by trying. */
  @Post('codes/redeem')
  @Roles('worker')
  @RateLimit('signin')
  @HttpCode(200)
  redeem(@Auth() auth: AuthContext, @Body() dto: RedeemRollCodeDto) {
    return this.roll.redeemCode(auth, dto.code);
  }

  @Post('code-batches')
  @Roles('organizer', 'admin')
  createBatch(@Auth() auth: AuthContext, @Body() dto: CreateCodeBatchDto) {
    return this.roll.createBatch(auth, dto);
  }

  @Get('code-batches')
  @Roles('organizer', 'admin')
  listBatches(@Auth() auth: AuthContext) {
    return this.roll.listBatches(auth);
  }

  @Post('code-batches/:id/revoke')
  @Roles('organizer', 'admin')
  @HttpCode(200)
  revoke(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: RevokeCodesDto) {
    return this.roll.revoke(auth, id, dto);
  }

  @Get('summary')
  @Roles('organizer', 'admin')
  summary(@Auth() auth: AuthContext, @Query() q: RollSummaryQueryDto) {
    return this.roll.summary(auth, q.regionCode);
  }
}
