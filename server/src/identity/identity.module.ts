import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { IdentityController } from './identity.controller.js';
import { IdentityService } from './identity.service.js';
import { InviteCodeEntity } from './invite-code.entity.js';
import { User } from './user.entity.js';

/** Accounts: WeChat sign-in, tokens, profiles and the invitation codes that make staff accounts. */
@Module({
  imports: [TypeOrmModule.forFeature([User, InviteCodeEntity]), AuditModule, RegionsModule],
  controllers: [IdentityController],
  providers: [IdentityService],
  exports: [IdentityService],
})
export class IdentityModule {}
