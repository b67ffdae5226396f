import { Body, Controller, Get, HttpCode, Inject, Param, ParseIntPipe, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Auth, Roles, type AuthContext } from '../common/auth.js';
import { UuidPipe } from '../common/pipes.js';
import {
  CheckInDto,
  CongressBallotDto,
  CreateCongressDto,
  CreateDraftDto,
  DiffQueryDto,
  DraftCommentDto,
  DraftVersionDto,
  RecordAdoptedContractDto,
} from './congress.dto.js';
import { CongressDocumentsService, type DownloadFile } from './congress-documents.service.js';
import { CongressService } from './congress.service.js';
import { DraftsService } from './drafts.service.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function file({ buffer, filename }: DownloadFile, type: string, ascii: string): StreamableFile {
  return new StreamableFile(buffer, {
    type,
    length: buffer.length,
    disposition: `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
  });
}

@ApiTags('congress')
@ApiBearerAuth()
@Controller()
export class CongressController {
  constructor(
    @Inject(DraftsService) private readonly drafts: DraftsService,
    @Inject(CongressService) private readonly congresses: CongressService,
    @Inject(CongressDocumentsService) private readonly documents: CongressDocumentsService,
  ) {}

  // ---- drafts ----

  @Post('drafts')
  @Roles('organizer')
  createDraft(@Auth() auth: AuthContext, @Body() dto: CreateDraftDto) {
    return this.drafts.create(auth, dto);
  }

  @Get('invitations/:id/drafts')
  @Roles('organizer', 'admin', 'enterprise')
  listDrafts(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.drafts.list(auth, id);
  }

  @Get('drafts/:id')
  @Roles('worker', 'organizer', 'admin', 'enterprise')
  getDraft(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.drafts.get(auth, id);
  }

  @Post('drafts/:id/versions')
  @Roles('organizer')
  addVersion(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: DraftVersionDto) {
    return this.drafts.addVersion(auth, id, dto);
  }

  @Get('drafts/:id/versions/:version')
  @Roles('worker', 'organizer', 'admin', 'enterprise')
  version(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Param('version', ParseIntPipe) version: number) {
    return this.drafts.version(auth, id, version);
  }

  @Get('drafts/:id/diff')
  @Roles('worker', 'organizer', 'admin', 'enterprise')
  diff(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Query() q: DiffQueryDto) {
    return this.drafts.diff(auth, id, q.from, q.to);
  }

  @Post('drafts/:id/publish')
  @Roles('organizer')
  @HttpCode(200)
  publish(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.drafts.publish(auth, id);
  }

  @Put('drafts/:id/comment')
  @Roles('worker')
  @HttpCode(200)
  comment(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: DraftCommentDto) {
    return this.drafts.comment(auth, id, dto);
  }

  @Get('drafts/:id/comments')
  @Roles('organizer', 'admin')
  comments(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.drafts.listComments(auth, id);
  }

  // ---- congress ----

  @Post('congresses')
  @Roles('organizer')
  create(@Auth() auth: AuthContext, @Body() dto: CreateCongressDto) {
    return this.congresses.create(auth, dto);
  }

  /** Staff: their region's congresses. A worker: the congresses they are a member of. */
  @Get('congresses')
  @Roles('worker', 'organizer', 'admin')
  list(@Auth() auth: AuthContext) {
    return this.congresses.list(auth);
  }

  @Get('congresses/:id')
  @Roles('worker', 'organizer', 'admin')
  get(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.congresses.get(auth, id);
  }

  @Put('congresses/:id/ballot')
  @Roles('worker')
  @HttpCode(200)
  vote(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: CongressBallotDto) {
    return this.congresses.vote(auth, id, dto);
  }

  @Get('congresses/:id/members')
  @Roles('organizer')
  members(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.congresses.listMembers(auth, id);
  }

  @Post('congresses/:id/check-ins')
  @Roles('organizer')
  @HttpCode(200)
  checkIn(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: CheckInDto) {
    return this.congresses.checkIn(auth, id, dto.userId);
  }

  @Post('congresses/:id/close')
  @Roles('organizer')
  @HttpCode(200)
  close(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.congresses.close(auth, id);
  }

  @Post('congresses/:id/contract')
  @Roles('organizer')
  recordContract(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: RecordAdoptedContractDto) {
    return this.congresses.recordContract(auth, id, dto);
  }

  @Get('congresses/:id/resolution.docx')
  @Roles('organizer', 'admin')
  @ApiProduces(DOCX)
  async resolutionDocx(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return file(await this.documents.resolutionDocx(auth, id), DOCX, 'resolution.docx');
  }

  @Get('congresses/:id/resolution.pdf')
  @Roles('organizer', 'admin')
  @ApiProduces('application/pdf')
  async resolutionPdf(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return file(await this.documents.resolutionPdf(auth, id), 'application/pdf', 'resolution.pdf');
  }

  @Get('congresses/:id/filing.zip')
  @Roles('organizer', 'admin')
  @ApiProduces('application/zip')
  async packet(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return file(await this.documents.packet(auth, id), 'application/zip', 'filing.zip');
  }
}
