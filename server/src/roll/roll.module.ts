import { Module } from '@nestjs/common';
import { MultipartModule } from '@nestjs/platform-fastify/multipart';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { WechatPhoneNumber } from '../wechat/phone-number.js';
import { RollController } from './roll.controller.js';
import { ROLL_ENTITIES } from './roll.entity.js';
import { RollService } from './roll.service.js';

/** The verified roll (核验名册): code sheets, rosters, verifications; RollService answers who is on it. */
@Module({
  imports: [
    TypeOrmModule.forFeature(ROLL_ENTITIES),
    AuditModule,
    RegionsModule,
    // A roster of 50,000 numbers in csv is well under 2 MB; an xlsx of them a little more.
    MultipartModule.register({ limits: { fileSize: 4 * 1024 * 1024, files: 1, fields: 10 } }),
  ],
  controllers: [RollController],
  providers: [RollService, WechatPhoneNumber],
  exports: [RollService],
})
export class RollModule {}
