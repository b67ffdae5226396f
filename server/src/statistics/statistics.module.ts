import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RegionsModule } from '../regions/regions.module.js';
import { ActivityEnterpriseEntity, ActivityEntity } from './activity.entity.js';
import { StatisticsExportService } from './statistics-export.service.js';
import { StatisticsController } from './statistics.controller.js';
import { StatisticsService } from './statistics.service.js';

/**
 * The official table (附件1), its ledger (附件2) and the activity ledger behind section 四. It owns the activity
 * tables; the figures it reports are read from the other capabilities' tables by the aggregate SQL of
 * statistics.queries.ts, read-only (see the head of that file for why).
 */
@Module({
  imports: [TypeOrmModule.forFeature([ActivityEntity, ActivityEnterpriseEntity]), RegionsModule],
  controllers: [StatisticsController],
  providers: [StatisticsService, StatisticsExportService],
})
export class StatisticsModule {}
