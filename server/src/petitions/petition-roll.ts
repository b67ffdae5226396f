// Who counts for a petition, in one place: the verified roll (roll/roll.service.ts). A signer must be on the roll of
// the petition's scope, and the share is taken of the roll's size; a worker's own profile never enters into it.
import { Inject, Injectable } from '@nestjs/common';
import type { Industry } from '@xst/shared-types';
import type { AuthContext } from '../common/auth.js';
import { RollService } from '../roll/roll.service.js';

/** A petition's scope, as the roll names it: an industry, a city, and the platform when the employer is one. */
export interface PetitionScope {
  industry: Industry;
  regionCode: string;
  platformOrgId?: string | null;
}

/** The city of a region code: its first four digits followed by 00 (a province stays itself). */
export const cityOf = (regionCode: string) => (regionCode.endsWith('0000') ? regionCode : `${regionCode.slice(0, 4)}00`);

@Injectable()
export class PetitionRoll {
  constructor(@Inject(RollService) private readonly roll: RollService) {}

  /** The roll behind every petition figure is the verified one. */
  readonly verified = true;

  isEligible(userId: string, scope: PetitionScope): Promise<boolean> {
    return this.roll.isVerified(userId, scope);
  }

  size(scope: PetitionScope): Promise<number> {
    return this.roll.countVerified(scope);
  }

  /** The city-wide scopes a worker is verified for (the petitions that concern them are of these). */
  async scopesOf(auth: AuthContext): Promise<PetitionScope[]> {
    const { verifications } = await this.roll.mine(auth);
    return verifications.map((v) => ({ industry: v.industry, regionCode: cityOf(v.regionCode), platformOrgId: v.platformOrgId }));
  }
}
