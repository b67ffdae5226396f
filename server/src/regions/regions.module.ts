import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { ModerationModule } from '../moderation/moderation.module.js';
import { OrganizationEntity } from './organization.entity.js';
import { OrganizationsService } from './organizations.service.js';
import { RegionEntity } from './region.entity.js';
import { RegionsController } from './regions.controller.js';
import { RegionsService } from './regions.service.js';

/** The region tree (GB/T 2260) and the organizations registered in it: unions, enterprises, associations. */
@Module({
  imports: [TypeOrmModule.forFeature([RegionEntity, OrganizationEntity]), AuditModule, ModerationModule],
  controllers: [RegionsController],
  providers: [RegionsService, OrganizationsService],
  exports: [RegionsService, OrganizationsService],
})
export class RegionsModule {}
