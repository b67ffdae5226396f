// Who may sit in a congress: the one place that asks the verified roll (核验名册). Every electorate, the whole roll
// of the scope (扩大会议) or a list of elected representatives, is checked against it when the congress is called.
import { Inject, Injectable } from '@nestjs/common';
import type { RollScope } from '@xst/shared-types';
import { IdentityService } from '../identity/identity.service.js';
import { RollService } from '../roll/roll.service.js';

export interface ElectorateMember {
  userId: string;
  name: string;
}

@Injectable()
export class Electorate {
  constructor(
    @Inject(RollService) private readonly roll: RollService,
    @Inject(IdentityService) private readonly identity: IdentityService,
  ) {}

  /** Everyone on the verified roll of the scope, with an account still open. */
  async wholeRoll(scope: RollScope): Promise<ElectorateMember[]> {
    return this.members(await this.roll.verifiedUserIds(scope));
  }

  /** Those of `userIds` on the verified roll of the scope, in the order given; the others are left out. */
  async onRoll(scope: RollScope, userIds: readonly string[]): Promise<ElectorateMember[]> {
    const verified = new Set(await this.roll.verifiedUserIds(scope));
    return this.members(userIds.filter((id) => verified.has(id)));
  }

  /** Names to show staff at the venue: the account's name, or a short mark of the account when it has none. */
  async members(userIds: readonly string[]): Promise<ElectorateMember[]> {
    const byId = new Map((await this.identity.workerAccounts(userIds)).map((a) => [a.id, a]));
    return userIds
      .filter((id) => byId.has(id))
      .map((id) => ({ userId: id, name: byId.get(id)!.displayName ?? `职工 ${id.slice(0, 4).toUpperCase()}` }));
  }
}
