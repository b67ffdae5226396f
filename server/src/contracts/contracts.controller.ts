import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UploadedFile, UseInterceptors, Inject } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-fastify/multipart';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { Auth, Roles, type AuthContext } from '../common/auth.js';
import { UuidPipe } from '../common/pipes.js';
import {
  ContractObjectionDto,
  CreateContractDto,
  CreateContractPackageDto,
  ListContractsQueryDto,
  UpdateContractDto,
} from './contracts.dto.js';
import { ContractsService, type UploadedFileData } from './contracts.service.js';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('contracts')
export class ContractsController {
  constructor(@Inject(ContractsService) private readonly contracts: ContractsService) {}

  @Get()
  @Roles('organizer', 'admin', 'enterprise')
  list(@Auth() auth: AuthContext, @Query() q: ListContractsQueryDto) {
    return this.contracts.list(auth, q);
  }

  @Post()
  @Roles('organizer', 'admin')
  create(@Auth() auth: AuthContext, @Body() dto: CreateContractDto) {
    return this.contracts.create(auth, dto);
  }

  @Post('package')
  @Roles('organizer', 'admin')
  createPackage(@Auth() auth: AuthContext, @Body() dto: CreateContractPackageDto) {
    return this.contracts.createPackage(auth, dto);
  }

  @Get(':id')
  @Roles('organizer', 'admin', 'enterprise')
  get(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.contracts.get(auth, id);
  }

  @Patch(':id')
  @Roles('organizer', 'admin')
  update(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: UpdateContractDto) {
    return this.contracts.update(auth, id, dto);
  }

  @Post(':id/objection')
  @Roles('organizer', 'admin')
  @HttpCode(200)
  objection(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: ContractObjectionDto) {
    return this.contracts.objection(auth, id, dto);
  }

  /** A photo or scan of the signed pages, as multipart field `file` (JPEG, PNG or PDF, up to UPLOAD_MAX_BYTES). */
  @Post(':id/attachments')
  @Roles('organizer', 'admin')
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file'))
  addAttachment(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @UploadedFile() file?: UploadedFileData) {
    return this.contracts.addAttachment(auth, id, file);
  }

  @Get(':id/attachments/:attachmentId')
  @Roles('organizer', 'admin', 'enterprise')
  attachment(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Param('attachmentId', UuidPipe) attachmentId: string) {
    return this.contracts.attachment(auth, id, attachmentId);
  }
}
