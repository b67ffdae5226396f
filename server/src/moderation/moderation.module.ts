import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ModerationController } from './moderation.controller.js';
import { ModerationEntity } from './moderation.entity.js';
import { ModerationService } from './moderation.service.js';

/** WeChat's content check of texts others read, and the queue of those held for an organizer. */
@Module({
  imports: [TypeOrmModule.forFeature([ModerationEntity])],
  controllers: [ModerationController],
  providers: [ModerationService],
  exports: [ModerationService],
})
export class ModerationModule {}
