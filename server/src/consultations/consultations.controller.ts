import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { TOPIC_CATALOG } from '@xst/shared-types';
import { AnyRole, Auth, Roles, type AuthContext } from '../common/auth.js';
import { UuidPipe } from '../common/pipes.js';
import { RateLimit } from '../common/rate-limit.js';
import {
  BallotDto,
  CreateConsultationDto,
  ExtendConsultationDto,
  ListConsultationsDto,
  UpdateConsultationDto,
} from './consultations.dto.js';
import { ConsultationsExport } from './consultations.export.js';
import { ConsultationsPoster } from './consultations.poster.js';
import { ConsultationsService } from './consultations.service.js';

@ApiTags('consultations')
@ApiBearerAuth()
@Controller()
export class ConsultationsController {
  constructor(
    @Inject(ConsultationsService) private readonly consultations: ConsultationsService,
    @Inject(ConsultationsExport) private readonly exports: ConsultationsExport,
    @Inject(ConsultationsPoster) private readonly posters: ConsultationsPoster,
  ) {}

  @Get('topics/catalog')
  @AnyRole()
  catalog() {
    return TOPIC_CATALOG;
  }

  @Post('consultations')
  @Roles('organizer', 'admin')
  create(@Auth() auth: AuthContext, @Body() dto: CreateConsultationDto) {
    return this.consultations.create(auth, dto);
  }

  @Get('consultations')
  @Roles('worker', 'organizer', 'admin')
  list(@Auth() auth: AuthContext, @Query() q: ListConsultationsDto) {
    return this.consultations.list(auth, q);
  }

  @Get('consultations/:id')
  @AnyRole()
  get(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.consultations.get(auth, id);
  }

  @Patch('consultations/:id')
  @Roles('organizer', 'admin')
  update(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: UpdateConsultationDto) {
    return this.consultations.update(auth, id, dto);
  }

  @Post('consultations/:id/close')
  @Roles('organizer', 'admin')
  @HttpCode(200)
  close(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.consultations.close(auth, id);
  }

  @Post('consultations/:id/extend')
  @Roles('organizer', 'admin')
  @HttpCode(200)
  extend(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: ExtendConsultationDto) {
    return this.consultations.extend(auth, id, dto);
  }

  @Put('consultations/:id/ballot')
  @Roles('worker')
  @RateLimit('ballot')
  vote(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: BallotDto) {
    return this.consultations.vote(auth, id, dto);
  }

  @Get('consultations/:id/results')
  @AnyRole()
  results(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.consultations.results(auth, id);
  }

  @Get('consultations/:id/participation')
  @Roles('organizer', 'admin')
  participation(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.consultations.participation(auth, id);
  }

  @Get('consultations/:id/roll')
  @Roles('organizer', 'admin')
  roll(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.consultations.roll(auth, id);
  }

  @Get('consultations/:id/results.xlsx')
  @Roles('organizer', 'admin')
  xlsx(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string): Promise<StreamableFile> {
    return this.exports.xlsx(auth, id);
  }

  @Get('consultations/:id/results.csv')
  @Roles('organizer', 'admin')
  csv(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string): Promise<StreamableFile> {
    return this.exports.csv(auth, id);
  }

  @Get('consultations/:id/wxacode.png')
  @Roles('organizer', 'admin')
  wxacode(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string): Promise<StreamableFile> {
    return this.posters.png(auth, id);
  }

  @Get('consultations/:id/poster.pdf')
  @Roles('organizer', 'admin')
  poster(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string): Promise<StreamableFile> {
    return this.posters.pdf(auth, id);
  }
}
