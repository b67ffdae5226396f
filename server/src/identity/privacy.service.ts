// A worker's own data: everything the product holds about them, for them to take away, and the deletion of their
// account. Deletion keeps every count right (ballots and ratings stay) but cuts the account off from them: ratings and
// the ballots of closed consultations are re-keyed under a random pseudonym nobody can derive again. Ballots of
// consultations still open stay under the person's key (an HMAC of their WeChat identity with the server's secret,
// not readable without it), so that signing in again finds that ballot instead of casting a second one.
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuditService } from '../audit/audit.service.js';
import type { AuthContext } from '../common/auth.js';
import { AuthCache } from '../common/auth-cache.js';
import { Clock } from '../common/clock.js';
import { conflict } from '../common/errors.js';
import { ballotKey, voterKey } from '../common/pseudonym.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { CongressService } from '../congress/congress.service.js';
import { DraftsService } from '../congress/drafts.service.js';
import { ConsultationsService } from '../consultations/consultations.service.js';
import { Transactions } from '../database/transactions.js';
import { OrganizationsService } from '../regions/organizations.service.js';
import { RollService } from '../roll/roll.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { SubscriptionsService } from '../subscriptions/subscriptions.service.js';
import { IdentityService, toUserDto } from './identity.service.js';

export interface MyDataExport {
  exportedAt: string;
  account: ReturnType<typeof toUserDto>;
  ballots: { consultationId: string; consultationTitle: string; submittedAt: string; choices: string[]; suggestion: string | null }[];
  feedback: { publicationId: string; title: string; rating: number; knowsContract: boolean; submittedAt: string }[];
  /** The verified roll: for which industry and region, how and when (never a code or a phone number: none is kept). */
  verifications: Awaited<ReturnType<RollService['mine']>>['verifications'];
  /** Subscribe messages accepted and not yet received, per template. */
  subscriptions: { kind: string; remaining: number }[];
  /** 联系手机 this account entered for an organization (its own, for an enterprise account), in full. */
  contactPhones: { organizationId: string; organizationName: string; contactPhone: string }[];
}

const REKEY_PAGE = 500;

@Injectable()
export class PrivacyService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Privacy');

  constructor(
    @Inject(IdentityService) private readonly identity: IdentityService,
    @Inject(ConsultationsService) private readonly consultations: ConsultationsService,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(CongressService) private readonly congresses: CongressService,
    @Inject(DraftsService) private readonly drafts: DraftsService,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AuthCache) private readonly authCache: AuthCache,
    @Inject(RollService) private readonly roll: RollService,
    @Inject(SubscriptionsService) private readonly subscriptions: SubscriptionsService,
    @Inject(OrganizationsService) private readonly organizations: OrganizationsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.rekeyAccountsToPersons();
  }

  /**
   * Moves the ballots and ratings of accounts created before ballots were keyed on the person, from the key of the
   * account id to the key of the person ('openid:…'), one account per transaction; safe beside another server
   * doing the same (an account already keyed is left alone). Returns how many accounts it moved.
   */
  async rekeyAccountsToPersons(): Promise<number> {
    let moved = 0;
    for (;;) {
      const page = await this.identity.unkeyedAccounts(REKEY_PAGE);
      if (!page.length) break;
      for (const a of page) {
        const person = `openid:${a.openid}`;
        const done = await this.tx.run(async (em) => {
          if (!(await this.identity.keyOnPerson(em, a.id, person))) return false;
          const from = voterKey(this.config.ballotSecret, a.id);
          const to = voterKey(this.config.ballotSecret, person);
          await this.consultations.rekeyBallots(em, from, to);
          await this.sessions.rekeyFeedback(em, from, to);
          await this.subscriptions.rekeyMessages(em, from, to);
          return true;
        });
        if (done) moved++;
      }
      if (page.length < REKEY_PAGE) break;
    }
    if (moved) this.logger.log(`ballots of ${moved} accounts keyed on the person`);
    return moved;
  }

  async export(auth: AuthContext): Promise<MyDataExport> {
    const key = ballotKey(this.config.ballotSecret, auth);
    const [account, ballots, feedback, roll, subscriptions, contactPhones] = await Promise.all([
      this.identity.me(auth),
      this.consultations.ballotsOf(key),
      this.sessions.feedbackOf(key),
      this.roll.mine(auth),
      this.subscriptions.of(auth.userId),
      this.organizations.contactPhonesEnteredBy(auth.userId),
    ]);
    return {
      exportedAt: this.clock.now().toISOString(),
      account,
      ballots: ballots.map((b) => ({ ...b, submittedAt: b.submittedAt.toISOString() })),
      feedback: feedback.map((f) => ({ ...f, submittedAt: f.submittedAt.toISOString() })),
      verifications: roll.verifications,
      subscriptions,
      contactPhones,
    };
  }

  /**
   * Workers and the accounts of enterprises and associations delete their own account; union staff and federation
   * admins are closed by their organization. A contact phone the account entered goes with it.
   */
  async deleteAccount(auth: AuthContext): Promise<void> {
    if (auth.role !== 'worker' && auth.role !== 'enterprise') throw conflict('staff_account', '工作人员账号请联系所在单位的管理员注销');
    const key = ballotKey(this.config.ballotSecret, auth);
    const orphan = randomBytes(32).toString('hex');
    await this.tx.run(async (em) => {
      // One random key for all of this worker's rows keeps "one per consultation" and "one per publication" true.
      // Ballots of consultations not closed yet keep the person's key: one person, one ballot, account or not.
      await this.consultations.rekeyBallots(em, key, orphan, this.clock.now());
      await this.sessions.rekeyFeedback(em, key, orphan);
      await this.roll.forget(em, auth.userId);
      await this.subscriptions.forget(em, auth.userId, key);
      await this.organizations.forgetContactPhonesOf(em, auth.userId);
      await this.congresses.rekeyBallots(em, key, orphan);
      await this.drafts.rekeyComments(em, key, orphan);
      await this.identity.erase(em, auth.userId);
      await this.audit.record(em, auth, { entity: 'account', entityId: auth.userId, action: 'deleted', regionCode: null });
    });
    this.authCache.forgetUser(auth.userId);
  }
}
