import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { shanghaiDate } from '../../common/clock.js';
import { periodEnd, periodLastDay } from '../../common/legal-clock.js';
import { effectiveOn } from '../../contracts/contract-rules.js';
import { columnKit } from '../migration-kit.js';
import { rawDate, sqlTime } from '../raw-time.js';

const DAY_MS = 86400_000;
const day = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);

/**
 * The legal clocks as 《民法典》 arts. 201 and 203 count them (common/legal-clock.ts). Invitations keep the days the
 * receiver has to answer and a paper letter's delivery; the reply period of one still awaiting its answer is counted
 * again from receipt (not from sending), and not at all while it is not received. Contracts in review take effect the
 * day after the 15-day review ends, a last day in a holiday moved after it. Records already answered, overdue or
 * escalated keep what was decided on them.
 */
export class LegalClock1764000000023 implements MigrationInterface {
  name = 'LegalClock1764000000023';

  async up(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    await qr.addColumns('invitations', [
      new TableColumn(c.int('replyDays', true)),
      new TableColumn(c.date('deliveredOn', true)),
      new TableColumn(c.str('deliveryNote', 200, true)),
      new TableColumn(c.ref('deliveryRecordedBy', true)),
    ]);
    const invitations: Record<string, unknown>[] = await qr.query(
      'SELECT id, status, sentAt, replyDueAt, receivedAt, repliedAt FROM invitations WHERE sentAt IS NOT NULL',
    );
    for (const inv of invitations) {
      const sentAt = rawDate(inv.sentAt);
      const days = inv.replyDueAt ? Math.round((rawDate(inv.replyDueAt).getTime() - sentAt.getTime()) / DAY_MS) : 20;
      let dueAt: string | null = inv.replyDueAt ? sqlTime(rawDate(inv.replyDueAt)) : null;
      if (inv.status === 'sent' && !inv.repliedAt) {
        dueAt = inv.receivedAt ? sqlTime(periodEnd(periodLastDay(shanghaiDate(rawDate(inv.receivedAt)), days))) : null;
      }
      await qr.query('UPDATE invitations SET replyDays = ?, replyDueAt = ? WHERE id = ?', [days, dueAt, inv.id]);
    }
    const contracts: Record<string, unknown>[] = await qr.query(
      'SELECT id, effectiveFrom, filedAt, objectionReceivedAt FROM contracts WHERE filedAt IS NOT NULL',
    );
    for (const k of contracts) {
      const on = effectiveOn({
        effectiveFrom: day(k.effectiveFrom)!,
        filedAt: day(k.filedAt),
        objectionReceivedAt: day(k.objectionReceivedAt),
      });
      await qr.query('UPDATE contracts SET effectiveOn = ? WHERE id = ?', [on, k.id]);
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const column of ['deliveryRecordedBy', 'deliveryNote', 'deliveredOn', 'replyDays']) await qr.dropColumn('invitations', column);
  }
}
