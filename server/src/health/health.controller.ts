import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth.js';
import { unavailable } from '../common/errors.js';
import { Clock } from '../common/clock.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Get()
  @Public()
  async check() {
    try {
      await this.db.query('SELECT 1');
    } catch {
      throw unavailable('database_unavailable', '数据库暂时不可用');
    }
    return { status: 'ok', database: this.db.options.type === 'mysql' ? 'mysql' : 'sqlite', time: this.clock.now().toISOString() };
  }
}
