// A worker's own data: everything the product holds about them, for them to take away, and the deletion of their
// account. Deletion keeps every count right (ballots and ratings stay) but cuts them off from the person: their
// rows are re-keyed under a random pseudonym nobody can derive from the account again.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthContext } from '../common/auth.js';
import { AuthCache } from '../common/auth-cache.js';
import { Clock } from '../common/clock.js';
import { conflict } from '../common/errors.js';
import { voterKey } from '../common/pseudonym.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { rawDate } from '../database/raw-time.js';
import { Transactions } from '../database/transactions.js';
import { toUserDto } from './identity.service.js';
import { User } from './user.entity.js';

export interface MyDataExport {
  exportedAt: string;
  account: ReturnType<typeof toUserDto>;
  ballots: { consultationId: string; consultationTitle: string; submittedAt: string; choices: string[]; suggestion: string | null }[];
  feedback: { publicationId: string; title: string; rating: number; knowsContract: boolean; submittedAt: string }[];
}

@Injectable()
export class PrivacyService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AuthCache) private readonly authCache: AuthCache,
  ) {}

  async export(auth: AuthContext): Promise<MyDataExport> {
    const user = await this.db.getRepository(User).findOneByOrFail({ id: auth.userId });
    const key = voterKey(this.config.ballotSecret, auth.userId);
    const ballots: { consultationId: string; title: string; submittedAt: Date | string; choices: string; suggestion: string | null }[] =
      await this.db.query(
        `SELECT b.consultationId, c.title, b.submittedAt, b.choices, b.suggestion
         FROM ballots b JOIN consultations c ON c.id = b.consultationId
        WHERE b.voterKey = ? ORDER BY b.submittedAt`,
        [key],
      );
    const topicIds = [...new Set(ballots.flatMap((b) => JSON.parse(b.choices) as string[]))];
    const titles = new Map<string, string>(
      topicIds.length
        ? (
            await this.db.query(`SELECT id, title FROM consultation_topics WHERE id IN (${topicIds.map(() => '?').join(',')})`, topicIds)
          ).map((t: { id: string; title: string }) => [t.id, t.title])
        : [],
    );
    const feedback: {
      publicationId: string;
      title: string;
      rating: number;
      knowsContract: number | boolean;
      submittedAt: Date | string;
    }[] = await this.db.query(
      `SELECT f.publicationId, p.title, f.rating, f.knowsContract, f.submittedAt
         FROM publication_feedback f JOIN publications p ON p.id = f.publicationId
        WHERE f.voterKey = ? ORDER BY f.submittedAt`,
      [key],
    );
    const iso = (d: Date | string) => rawDate(d).toISOString();
    return {
      exportedAt: this.clock.now().toISOString(),
      account: toUserDto(user),
      ballots: ballots.map((b) => ({
        consultationId: b.consultationId,
        consultationTitle: b.title,
        submittedAt: iso(b.submittedAt),
        choices: (JSON.parse(b.choices) as string[]).map((id) => titles.get(id) ?? id),
        suggestion: b.suggestion,
      })),
      feedback: feedback.map((f) => ({
        publicationId: f.publicationId,
        title: f.title,
        rating: Number(f.rating),
        knowsContract: Boolean(Number(f.knowsContract)),
        submittedAt: iso(f.submittedAt),
      })),
    };
  }

  async deleteAccount(auth: AuthContext): Promise<void> {
    if (auth.role !== 'worker') throw conflict('staff_account', '工作人员账号请联系所在单位的管理员注销');
    const key = voterKey(this.config.ballotSecret, auth.userId);
    const orphan = randomBytes(32).toString('hex');
    await this.tx.run(async (em) => {
      const user = await em.findOneByOrFail(User, { id: auth.userId });
      // One random key for all of this worker's rows keeps "one per consultation" and "one per publication" true.
      await em.query('UPDATE ballots SET voterKey = ? WHERE voterKey = ?', [orphan, key]);
      await em.query('UPDATE publication_feedback SET voterKey = ? WHERE voterKey = ?', [orphan, key]);
      Object.assign(user, {
        openid: null,
        displayName: null,
        platform: null,
        industry: null,
        regionCode: null,
        deletedAt: this.clock.now(),
        tokenVersion: user.tokenVersion + 1,
      });
      await em.save(User, user);
      await this.audit.record(em, auth, { entity: 'account', entityId: user.id, action: 'deleted', regionCode: null });
    });
    this.authCache.forgetUser(auth.userId);
  }
}
