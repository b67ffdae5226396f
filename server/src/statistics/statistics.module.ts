import { Module } from '@nestjs/common';
import { StatisticsExportService } from './statistics-export.service.js';
import { StatisticsController } from './statistics.controller.js';
import { StatisticsService } from './statistics.service.js';

@Module({
  controllers: [StatisticsController],
  providers: [StatisticsService, StatisticsExportService],
})
export class StatisticsModule {}
