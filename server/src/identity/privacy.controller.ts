import { Controller, Delete, Get, Header, HttpCode, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole, Auth, Roles, type AuthContext } from '../common/auth.js';
import { PrivacyService } from './privacy.service.js';

/** A person's own data: what the product holds about them, and the deletion of their account. */
@ApiTags('identity')
@Controller()
export class PrivacyController {
  constructor(@Inject(PrivacyService) private readonly privacy: PrivacyService) {}

  /** Everything the product holds about the caller, as a JSON file to keep. */
  @Get('me/export')
  @AnyRole()
  @ApiBearerAuth()
  @Header('Content-Disposition', 'attachment; filename="my-data.json"')
  export(@Auth() auth: AuthContext) {
    return this.privacy.export(auth);
  }

  /** Deletes a worker's (or an enterprise representative's) account: identity gone, counts kept. */
  @Delete('me')
  @Roles('worker', 'enterprise')
  @ApiBearerAuth()
  @HttpCode(204)
  deleteMe(@Auth() auth: AuthContext) {
    return this.privacy.deleteAccount(auth);
  }
}
