import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Auth, Roles, type AuthContext } from '../common/auth.js';
import { UuidPipe } from '../common/pipes.js';
import { ListPetitionsDto, PetitionFiguresDto, PetitionInvitationDto, StartPetitionDto } from './petitions.dto.js';
import { PetitionsService } from './petitions.service.js';

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class PetitionsController {
  constructor(@Inject(PetitionsService) private readonly petitions: PetitionsService) {}

  @Post()
  @Roles('worker')
  start(@Auth() auth: AuthContext, @Body() dto: StartPetitionDto) {
    return this.petitions.start(auth, dto);
  }

  @Get()
  @Roles('worker', 'organizer', 'admin')
  list(@Auth() auth: AuthContext, @Query() q: ListPetitionsDto) {
    return this.petitions.list(auth, q);
  }

  // Before ':id', so that these are not taken for ids.
  @Get('employers')
  @Roles('worker')
  employers(@Auth() auth: AuthContext) {
    return this.petitions.employers(auth);
  }

  @Get('figures')
  @Roles('organizer', 'admin')
  figures(@Auth() auth: AuthContext, @Query() q: PetitionFiguresDto) {
    return this.petitions.figures(auth, q);
  }

  @Get(':id')
  @Roles('worker', 'organizer', 'admin')
  get(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.petitions.get(auth, id);
  }

  @Put(':id/signature')
  @Roles('worker')
  sign(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.petitions.sign(auth, id);
  }

  @Delete(':id/signature')
  @Roles('worker')
  withdraw(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string) {
    return this.petitions.withdraw(auth, id);
  }

  @Post(':id/invitation')
  @Roles('organizer')
  @HttpCode(201)
  invite(@Auth() auth: AuthContext, @Param('id', UuidPipe) id: string, @Body() dto: PetitionInvitationDto) {
    return this.petitions.invite(auth, id, dto);
  }
}
