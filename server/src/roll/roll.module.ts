import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { RollController } from './roll.controller.js';
import { ROLL_ENTITIES } from './roll.entity.js';
import { RollService } from './roll.service.js';

/** The verified roll (核验名册): code sheets, rosters, verifications; RollService answers who is on it. */
@Module({
  imports: [TypeOrmModule.forFeature(ROLL_ENTITIES), AuditModule, RegionsModule],
  controllers: [RollController],
  providers: [RollService],
  exports: [RollService],
})
export class RollModule {}
