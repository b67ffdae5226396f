import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, Roles, type AuthContext } from '../common/auth.js';
import { UuidPipe } from '../common/pipes.js';
import { CreateSessionDto, FeedbackDto, ListSessionsQueryDto, PublishDto, PublishOutcomeDto, UpdateSessionDto } from './sessions.dto.js';
import { SessionsService } from './sessions.service.js';

@ApiTags('sessions')
@ApiBearerAuth()
@Controller()
export class SessionsController {
  constructor(@Inject(SessionsService) private readonly sessions: SessionsService) {}

  /** 201 for a new record, 200 when the phone re-sends one the server already has. */
  @Post('invitations/:id/sessions')
  @Roles('organizer')
  async create(
    @Auth() auth: AuthContext,
    @Param('id', UuidPipe) id: string,
    @Body() dto: CreateSessionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { session, created } = await this.sessions.create(auth, id, dto);
    reply.status(created ? 201 : 200);
    return session;
  }

  @Get('invitations/:id/sessions')
  @Roles('organizer', 'admin', 'enterprise')
  listForInvitation(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.sessions.listForInvitation(auth, id);
  }

  @Get('sessions')
  @Roles('organizer', 'admin')
  listForRegion(@Auth() auth: AuthContext, @Query() q: ListSessionsQueryDto) {
    return this.sessions.listForRegion(auth, q);
  }

  // Before 'sessions/:id', so that 'counts' is not taken for an id.
  @Get('sessions/counts')
  @Roles('organizer', 'admin')
  counts(@Auth() auth: AuthContext) {
    return this.sessions.counts(auth);
  }

  @Get('sessions/:id')
  @Roles('organizer', 'admin', 'enterprise')
  get(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.sessions.get(auth, id);
  }

  @Patch('sessions/:id')
  @Roles('organizer')
  update(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: UpdateSessionDto) {
    return this.sessions.update(auth, id, dto);
  }

  @Post('sessions/:id/publish')
  @Roles('organizer')
  publish(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: PublishDto) {
    return this.sessions.publishSession(auth, id, dto);
  }

  @Post('invitations/:id/publications')
  @Roles('organizer')
  publishOutcome(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: PublishOutcomeDto) {
    return this.sessions.publishOutcome(auth, id, dto);
  }

  @Get('invitations/:id/publications')
  @Roles('organizer', 'admin', 'enterprise')
  listPublications(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.sessions.listPublications(auth, id);
  }

  @Get('negotiations')
  @Roles('worker')
  negotiations(@Auth() auth: AuthContext) {
    return this.sessions.negotiationsForWorker(auth);
  }

  @Put('publications/:id/feedback')
  @Roles('worker')
  @HttpCode(200)
  feedback(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: FeedbackDto) {
    return this.sessions.giveFeedback(auth, id, dto);
  }

  @Get('publications/:id/feedback-summary')
  @Roles('organizer', 'admin')
  feedbackSummary(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.sessions.feedbackSummary(auth, id);
  }
}
