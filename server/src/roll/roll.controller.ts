import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-fastify/multipart';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { Auth, Roles, type AuthContext } from '../common/auth.js';
import { UuidPipe } from '../common/pipes.js';
import { RateLimit } from '../common/rate-limit.js';
import { DOCX_MIME } from '../invitations/invitation-letter.js';
import { CreateCodeBatchDto, RedeemRollCodeDto, RevokeCodesDto, RollSummaryQueryDto, UploadRosterDto, VerifyPhoneDto } from './roll.dto.js';
import { RollService } from './roll.service.js';

@ApiTags('roll')
@ApiBearerAuth()
@Controller('roll')
export class RollController {
  constructor(@Inject(RollService) private readonly roll: RollService) {}

  @Get('me')
  @Roles('worker')
  mine(@Auth() auth: AuthContext) {
    return this.roll.mine(auth);
  }

  /** Limited like sign-in, per address: codes cannot be guessed by trying. */
  @Post('codes/redeem')
  @Roles('worker')
  @RateLimit('signin')
  @HttpCode(200)
  redeem(@Auth() auth: AuthContext, @Body() dto: RedeemRollCodeDto) {
    return this.roll.redeemCode(auth, dto.code);
  }

  /** The code of WeChat's phone-number button, exchanged here; the number is matched against the rosters, never kept. */
  @Post('phone')
  @Roles('worker')
  @RateLimit('signin')
  @HttpCode(200)
  phone(@Auth() auth: AuthContext, @Body() dto: VerifyPhoneDto) {
    return this.roll.verifyPhone(auth, dto.code);
  }

  @Post('code-batches')
  @Roles('organizer', 'admin')
  createBatch(@Auth() auth: AuthContext, @Body() dto: CreateCodeBatchDto) {
    return this.roll.createBatch(auth, dto);
  }

  @Get('code-batches')
  @Roles('organizer', 'admin')
  listBatches(@Auth() auth: AuthContext) {
    return this.roll.listBatches(auth);
  }

  @Post('code-batches/:id/revoke')
  @Roles('organizer', 'admin')
  @HttpCode(200)
  revoke(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: RevokeCodesDto) {
    return this.roll.revoke(auth, id, dto);
  }

  @Get('code-batches/:id/sheet.docx')
  @Roles('organizer', 'admin')
  async sheet(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    const { buffer, filename } = await this.roll.sheet(auth, id);
    return new StreamableFile(buffer, {
      type: DOCX_MIME,
      disposition: `attachment; filename="codes.docx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    });
  }

  /** A roster file as multipart field `file` (.csv or .xlsx, one phone number a row) with the scope's fields. */
  @Post('rosters')
  @Roles('organizer', 'admin')
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file'))
  uploadRoster(@Auth() auth: AuthContext, @Body() dto: UploadRosterDto, @UploadedFile() file?: { buffer: Buffer }) {
    return this.roll.uploadRoster(auth, dto, file);
  }

  @Get('rosters')
  @Roles('organizer', 'admin')
  listRosters(@Auth() auth: AuthContext) {
    return this.roll.listRosters(auth);
  }

  @Get('summary')
  @Roles('organizer', 'admin')
  summary(@Auth() auth: AuthContext, @Query() q: RollSummaryQueryDto) {
    return this.roll.summary(auth, q.regionCode);
  }
}
