import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole, Auth, type AuthContext } from '../common/auth.js';
import { ReportSubscriptionsDto } from './subscriptions.dto.js';
import { SubscriptionsService } from './subscriptions.service.js';

/** The caller's subscribe-message templates: which to ask WeChat for, and what they accepted. */
@ApiTags('subscriptions')
@ApiBearerAuth()
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(@Inject(SubscriptionsService) private readonly subscriptions: SubscriptionsService) {}

  @Get()
  @AnyRole()
  status(@Auth() auth: AuthContext) {
    return this.subscriptions.status(auth);
  }

  /** What requestSubscribeMessage answered, reported right after the user's choice. */
  @Post()
  @AnyRole()
  @HttpCode(200)
  report(@Auth() auth: AuthContext, @Body() dto: ReportSubscriptionsDto) {
    return this.subscriptions.report(auth, dto);
  }
}
