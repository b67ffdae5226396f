// Development-only controls (AUTH_DEV_LOGIN=1, which production refuses): moving this server's clock so that
// demos and browser journeys can cross the legal deadlines, and running the overdue sweep on demand.
import { Body, Controller, Get, HttpCode, Inject, Post, Put } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { Public } from '../common/auth.js';
import { Clock } from '../common/clock.js';
import { notFound } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { InvitationsService } from '../invitations/invitations.service.js';

export class ClockDto {
  @IsInt({ message: 'offsetDays 应为整数' }) @Min(-3650) @Max(3650) offsetDays: number;
}

@ApiExcludeController()
@Controller('dev')
export class DevController {
  constructor(
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ModuleRef) private readonly modules: ModuleRef,
  ) {}

  /** Runs the overdue sweep now, as the interval would: lets a test start it on several instances at once. */
  @Post('sweep')
  @Public()
  @HttpCode(200)
  sweep() {
    if (!this.config.devLogin) throw notFound('接口');
    return this.modules.get(InvitationsService, { strict: false }).sweep();
  }

  @Put('clock')
  @Public()
  @HttpCode(200)
  setClock(@Body() dto: ClockDto) {
    if (!this.config.devLogin) throw notFound('接口');
    this.clock.setOffset(dto.offsetDays * 86400_000);
    return { now: this.clock.now().toISOString(), offsetDays: dto.offsetDays };
  }

  @Get('clock')
  @Public()
  getClock() {
    if (!this.config.devLogin) throw notFound('接口');
    return { now: this.clock.now().toISOString(), offsetDays: this.clock.offset() / 86400_000 };
  }
}
