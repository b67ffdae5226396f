import { Body, Controller, Get, HttpCode, Inject, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ServerInfo } from '@xst/shared-types';
import { AnyRole, Auth, Public, Roles, type AuthContext } from '../common/auth.js';
import { RateLimit } from '../common/rate-limit.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { CreateInviteCodeDto, DevLoginDto, RedeemDto, UpdateMeDto, WechatLoginDto } from './identity.dto.js';
import { IdentityService } from './identity.service.js';

@ApiTags('identity')
@Controller()
export class IdentityController {
  constructor(
    @Inject(IdentityService) private readonly identity: IdentityService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('info')
  @Public()
  info(): ServerInfo {
    return { devLogin: this.config.devLogin, replyDays: this.config.replyDays, version: '0.1.0' };
  }

  @Post('auth/wechat')
  @Public()
  @RateLimit('signin')
  @HttpCode(200)
  wechat(@Body() dto: WechatLoginDto) {
    return this.identity.signInWithWechat(dto.code);
  }

  @Post('auth/dev-login')
  @Public()
  @RateLimit('signin')
  @HttpCode(200)
  devLogin(@Body() dto: DevLoginDto) {
    return this.identity.devLogin(dto);
  }

  @Post('auth/redeem')
  @AnyRole()
  @RateLimit('signin')
  @ApiBearerAuth()
  @HttpCode(200)
  redeem(@Auth() auth: AuthContext, @Body() dto: RedeemDto) {
    return this.identity.redeem(auth, dto.code);
  }

  @Post('auth/logout')
  @AnyRole()
  @ApiBearerAuth()
  @HttpCode(204)
  logout(@Auth() auth: AuthContext) {
    return this.identity.revokeTokens(auth);
  }

  @Get('me')
  @AnyRole()
  @ApiBearerAuth()
  me(@Auth() auth: AuthContext) {
    return this.identity.me(auth);
  }

  @Patch('me')
  @AnyRole()
  @ApiBearerAuth()
  updateMe(@Auth() auth: AuthContext, @Body() dto: UpdateMeDto) {
    return this.identity.updateMe(auth, dto);
  }

  @Post('invite-codes')
  @Roles('admin', 'organizer')
  @ApiBearerAuth()
  createInviteCode(@Auth() auth: AuthContext, @Body() dto: CreateInviteCodeDto) {
    return this.identity.createInviteCode(auth, dto);
  }
}
