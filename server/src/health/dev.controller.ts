// Development-only controls (AUTH_DEV_LOGIN=1, which production refuses): moving this server's clock so that
// demos and browser journeys can cross the legal deadlines.
import { Body, Controller, Get, HttpCode, Inject, Put } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { Public } from '../common/auth.js';
import { Clock } from '../common/clock.js';
import { notFound } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

export class ClockDto {
  @IsInt({ message: 'offsetDays 应为整数' }) @Min(-3650) @Max(3650) offsetDays: number;
}

@ApiExcludeController()
@Controller('dev')
export class DevController {
  constructor(
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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
