import { Body, Controller, Get, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { UuidPipe } from '../common/pipes.js';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Auth, Public, Roles, type AuthContext } from '../common/auth.js';
import { CreateOrganizationDto, ListOrganizationsQueryDto, RegionsQueryDto, UpdateOrganizationDto } from './organizations.dto.js';
import { OrganizationsService } from './organizations.service.js';
import { RegionsService } from './regions.service.js';

@ApiTags('regions')
@Controller()
export class RegionsController {
  constructor(
    @Inject(RegionsService) private readonly regions: RegionsService,
    @Inject(OrganizationsService) private readonly organizations: OrganizationsService,
  ) {}

  /** The public administrative tree: provinces without `parent`, else the children of `parent`. */
  @Get('regions')
  @Public()
  list(@Query() q: RegionsQueryDto) {
    return this.regions.children(q.parent ?? null);
  }

  @Get('organizations')
  @Roles('organizer', 'admin', 'enterprise')
  @ApiBearerAuth()
  listOrganizations(@Auth() auth: AuthContext, @Query() q: ListOrganizationsQueryDto) {
    return this.organizations.list(auth, q);
  }

  @Get('organizations/:id')
  @Roles('organizer', 'admin', 'enterprise')
  @ApiBearerAuth()
  getOrganization(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.organizations.get(auth, id);
  }

  @Post('organizations')
  @Roles('organizer', 'admin')
  @ApiBearerAuth()
  createOrganization(@Auth() auth: AuthContext, @Body() dto: CreateOrganizationDto) {
    return this.organizations.create(auth, dto);
  }

  /** Staff edit the organizations of their region; an enterprise's own accounts only its contact phone. */
  @Patch('organizations/:id')
  @Roles('organizer', 'admin', 'enterprise')
  @ApiBearerAuth()
  updateOrganization(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: UpdateOrganizationDto) {
    return this.organizations.update(auth, id, dto);
  }
}
