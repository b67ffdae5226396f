import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AUDITED_ENTITIES, type AuditedEntity, type AuditQuery } from '@xst/shared-types';
import { IsIn, IsString, Length } from 'class-validator';
import { Auth, Roles, type AuthContext } from '../common/auth.js';
import { AuditService } from './audit.service.js';

export class AuditQueryDto implements AuditQuery {
  @IsIn(AUDITED_ENTITIES) entity: AuditedEntity;
  @IsString() @Length(1, 36) id: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  list(@Auth() auth: AuthContext, @Query() q: AuditQueryDto) {
    return this.audit.list(auth, q.entity, q.id);
  }
}
