import { Body, Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Auth, Roles, type AuthContext } from '../common/auth.js';
import { CreateActivityDto, FormQueryDto, LedgerQueryDto, ListActivitiesQueryDto, PeriodQueryDto } from './statistics.dto.js';
import { StatisticsExportService } from './statistics-export.service.js';
import { StatisticsService } from './statistics.service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('statistics')
@ApiBearerAuth()
@Controller()
export class StatisticsController {
  constructor(
    @Inject(StatisticsService) private readonly statistics: StatisticsService,
    @Inject(StatisticsExportService) private readonly exports: StatisticsExportService,
  ) {}

  /** Section 二 of 附件1: new-employment-form contracts signed in the period, in the region and below. */
  @Get('statistics/new-employment')
  @Roles('organizer', 'admin')
  newEmployment(@Auth() auth: AuthContext, @Query() q: PeriodQueryDto) {
    return this.statistics.newEmployment(auth, q);
  }

  @Get('statistics/new-employment.xlsx')
  @Roles('organizer', 'admin')
  @ApiProduces(XLSX)
  newEmploymentXlsx(@Auth() auth: AuthContext, @Query() q: PeriodQueryDto) {
    return this.exports.newEmploymentXlsx(auth, q);
  }

  @Get('statistics/new-employment.csv')
  @Roles('organizer', 'admin')
  @ApiProduces('text/csv')
  newEmploymentCsv(@Auth() auth: AuthContext, @Query() q: PeriodQueryDto) {
    return this.exports.newEmploymentCsv(auth, q);
  }

  /** The whole table (sections 一 to 五); with groupBy one row per child region as well. */
  @Get('statistics/congress')
  @Roles('organizer', 'admin')
  congress(@Auth() auth: AuthContext, @Query() q: PeriodQueryDto) {
    return this.statistics.congress(auth, q);
  }

  @Get('statistics/form')
  @Roles('organizer', 'admin')
  form(@Auth() auth: AuthContext, @Query() q: FormQueryDto) {
    return this.statistics.form(auth, q);
  }

  @Get('statistics/form.xlsx')
  @Roles('organizer', 'admin')
  @ApiProduces(XLSX)
  formXlsx(@Auth() auth: AuthContext, @Query() q: PeriodQueryDto) {
    return this.exports.formXlsx(auth, q);
  }

  @Get('statistics/form.csv')
  @Roles('organizer', 'admin')
  @ApiProduces('text/csv')
  formCsv(@Auth() auth: AuthContext, @Query() q: PeriodQueryDto) {
    return this.exports.formCsv(auth, q);
  }

  /** 工作台账明细表: one row per enterprise of the region, and one per industry or regional contract. */
  @Get('statistics/ledger.xlsx')
  @Roles('organizer', 'admin')
  @ApiProduces(XLSX)
  ledgerXlsx(@Auth() auth: AuthContext, @Query() q: LedgerQueryDto) {
    return this.exports.ledger(auth, q, 'xlsx');
  }

  @Get('statistics/ledger.csv')
  @Roles('organizer', 'admin')
  @ApiProduces('text/csv')
  ledgerCsv(@Auth() auth: AuthContext, @Query() q: LedgerQueryDto) {
    return this.exports.ledger(auth, q, 'csv');
  }

  /** The activity ledger behind section 四. */
  @Post('activities')
  @Roles('organizer', 'admin')
  createActivity(@Auth() auth: AuthContext, @Body() dto: CreateActivityDto) {
    return this.statistics.createActivity(auth, dto);
  }

  @Get('activities')
  @Roles('organizer', 'admin')
  listActivities(@Auth() auth: AuthContext, @Query() q: ListActivitiesQueryDto) {
    return this.statistics.listActivities(auth, q);
  }
}
