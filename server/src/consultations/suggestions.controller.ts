import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole, Auth, Roles, type AuthContext } from '../common/auth.js';
import { invalid } from '../common/errors.js';
import { UuidPipe } from '../common/pipes.js';
import { MergeSuggestionsDto, SuggestionsQueryDto, SuggestionTextsQueryDto } from './suggestions.dto.js';
import { SuggestionsExport } from './suggestions.export.js';
import { SuggestionsService } from './suggestions.service.js';

const groupIdPipe = {
  transform(v: string) {
    if (typeof v !== 'string' || !/^[0-9a-f]{16}$/.test(v)) throw invalid('groupId', '分组编号 groupId 格式不正确');
    return v;
  },
};

@ApiTags('consultations')
@ApiBearerAuth()
@Controller('consultations/:id/suggestions')
export class SuggestionsController {
  constructor(
    @Inject(SuggestionsService) private readonly suggestions: SuggestionsService,
    @Inject(SuggestionsExport) private readonly exports: SuggestionsExport,
  ) {}

  @Get()
  @AnyRole()
  groups(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Query() q: SuggestionsQueryDto) {
    return this.suggestions.groups(auth, id, q);
  }

  @Get('groups/:groupId')
  @AnyRole()
  texts(
    @Auth() auth: AuthContext,
    @Param('id', UuidPipe) id: string,
    @Param('groupId', groupIdPipe) groupId: string,
    @Query() q: SuggestionTextsQueryDto,
  ) {
    return this.suggestions.texts(auth, id, groupId, q);
  }

  @Post('merge')
  @Roles('organizer', 'admin')
  @HttpCode(200)
  merge(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: MergeSuggestionsDto) {
    return this.suggestions.merge(auth, id, dto);
  }

  @Get('export.xlsx')
  @Roles('organizer', 'admin')
  xlsx(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string): Promise<StreamableFile> {
    return this.exports.xlsx(auth, id);
  }

  @Get('export.csv')
  @Roles('organizer', 'admin')
  csv(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string): Promise<StreamableFile> {
    return this.exports.csv(auth, id);
  }
}
