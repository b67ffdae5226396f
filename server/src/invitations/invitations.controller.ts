import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Auth, Roles, type AuthContext } from '../common/auth.js';
import { UuidPipe } from '../common/pipes.js';
import { DOCX_MIME } from './invitation-letter.js';
import {
  CreateInvitationDto,
  EscalationDto,
  InvitationCountsDto,
  ListInvitationsDto,
  RecordDeliveryDto,
  ReplyDto,
} from './invitations.dto.js';
import { InvitationsService } from './invitations.service.js';

@ApiTags('invitations')
@ApiBearerAuth()
@Controller('invitations')
export class InvitationsController {
  constructor(@Inject(InvitationsService) private readonly invitations: InvitationsService) {}

  @Post()
  @Roles('organizer', 'enterprise')
  create(@Auth() auth: AuthContext, @Body() dto: CreateInvitationDto) {
    return this.invitations.create(auth, dto);
  }

  @Get()
  @Roles('organizer', 'admin', 'enterprise')
  list(@Auth() auth: AuthContext, @Query() q: ListInvitationsDto) {
    return this.invitations.list(auth, q);
  }

  // Before ':id', so that 'counts' is not taken for an id.
  @Get('counts')
  @Roles('organizer', 'admin', 'enterprise')
  counts(@Auth() auth: AuthContext, @Query() q: InvitationCountsDto) {
    return this.invitations.counts(auth, q);
  }

  @Get(':id')
  @Roles('organizer', 'admin', 'enterprise')
  get(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.invitations.get(auth, id);
  }

  @Post(':id/send')
  @Roles('organizer', 'enterprise')
  @HttpCode(200)
  send(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.invitations.send(auth, id);
  }

  @Post(':id/reply')
  @Roles('organizer', 'enterprise')
  @HttpCode(200)
  reply(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: ReplyDto) {
    return this.invitations.reply(auth, id, dto);
  }

  @Post(':id/withdraw')
  @Roles('organizer', 'enterprise')
  @HttpCode(200)
  withdraw(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.invitations.withdraw(auth, id);
  }

  /** A paper letter's delivery (送达): receipt, from which the reply period runs when it is earlier than first opening. */
  @Post(':id/delivery')
  @Roles('organizer', 'enterprise')
  @HttpCode(200)
  recordDelivery(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: RecordDeliveryDto) {
    return this.invitations.recordDelivery(auth, id, dto);
  }

  @Post(':id/escalations')
  @Roles('organizer', 'admin')
  escalate(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: EscalationDto) {
    return this.invitations.escalate(auth, id, dto);
  }

  /** The 要约书 as a Word document. */
  @Get(':id/letter.docx')
  @Roles('organizer', 'admin', 'enterprise')
  @ApiProduces(DOCX_MIME)
  async letter(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    const { buffer, filename } = await this.invitations.letter(auth, id);
    return new StreamableFile(buffer, {
      type: DOCX_MIME,
      disposition: `attachment; filename="invitation.docx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    });
  }
}
