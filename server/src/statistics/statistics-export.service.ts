// Files for the reporting units: the official table (whole, or section 二 alone) and the ledger, as xlsx and csv.
import { Inject, Injectable, Logger, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CONTRACT_KINDS,
  CONTRACT_RENEWAL_WINDOW_DAYS,
  ENTERPRISE_INDUSTRY_LABELS,
  FORM_SECTIONS,
  HELD_TEXT,
  INVITATION_STATUS_LABELS,
  NEW_EMPLOYMENT_SECTION,
  PETITION_STATUS_LABELS,
  type ContractKind,
  type EnterpriseIndustry,
  type FormFigures,
  type InvitationStatus,
} from '@xst/shared-types';
import { PassThrough } from 'node:stream';
import { DataSource } from 'typeorm';
import type { AuthContext } from '../common/auth.js';
import { addDays, Clock, shanghaiDate } from '../common/clock.js';
import { sqlTime } from '../database/raw-time.js';
import { effectiveStatus } from '../invitations/invitation-state.js';
import { ModerationService } from '../moderation/moderation.service.js';
import { OrganizationsService } from '../regions/organizations.service.js';
import { RegionsService } from '../regions/regions.service.js';
import {
  formCsv,
  formWorkbook,
  ledgerCsvWriter,
  ledgerTitle,
  ledgerWriter,
  type FormSheet,
  type LedgerHead,
  type LedgerRow,
  type LedgerWriter,
} from './statistics.export.js';
import type { FormQueryDto, LedgerQueryDto, PeriodQueryDto } from './statistics.dto.js';
import {
  enterprisePage,
  INDUSTRY_PAGE,
  industryLeaderPage,
  type LedgerContractRow,
  type LedgerEnterpriseRow,
  type LedgerInvitationRow,
  PAGE,
  packageMembers,
  pageContracts,
  pageInvitations,
  pageLatestSessions,
  pageOverduePetitions,
  pageQualityEvaluated,
  type Range,
} from './statistics.queries.js';
import { StatisticsService, emptySection, type Scope } from './statistics.service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV = 'text/csv; charset=utf-8';

function download(body: Buffer | string, type: string, name: string): StreamableFile {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return new StreamableFile(buf, { type, length: buf.length, disposition: disposition(name) });
}

const yes = (b: boolean) => (b ? '是' : '否');

@Injectable()
export class StatisticsExportService {
  private readonly logger = new Logger('StatisticsExport');

  constructor(
    /** Read-only, through the ledger queries of statistics.queries.ts (see there). */
    @InjectDataSource() private readonly db: DataSource,
    @Inject(StatisticsService) private readonly statistics: StatisticsService,
    @Inject(RegionsService) private readonly regions: RegionsService,
    @Inject(OrganizationsService) private readonly organizations: OrganizationsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** 填报单位: the caller's own organization when reporting for their own region, else the region's name. */
  private async unitName(auth: AuthContext, s: Scope): Promise<string> {
    if (s.regionCode === auth.regionCode && auth.organizationId) {
      const org = await this.organizations.byId(auth.organizationId);
      if (org) return org.name;
    }
    return s.regionName;
  }

  private async sheet(auth: AuthContext, q: PeriodQueryDto, sections = FORM_SECTIONS): Promise<{ sheet: FormSheet; name: string }> {
    const s = await this.statistics.scope(auth, q);
    let figures: FormFigures;
    if (sections === FORM_SECTIONS) {
      const form = await this.statistics.form(auth, { ...q, groupBy: undefined } as FormQueryDto);
      figures = form;
    } else {
      const ne = await this.statistics.newEmployment(auth, q);
      figures = { enterprise: emptySection(), new_employment: ne.figures, industry_regional: emptySection() } as FormFigures;
    }
    const year = s.period.to.slice(0, 4);
    return {
      sheet: {
        year,
        unitName: await this.unitName(auth, s),
        reportDate: this.statistics.today(),
        from: s.period.from,
        to: s.period.to,
        sections,
        figures,
      },
      name: `${year}年集体协商集中要约活动情况统计表_${s.regionName}_${s.period.from}_${s.period.to}`,
    };
  }

  async formXlsx(auth: AuthContext, q: PeriodQueryDto): Promise<StreamableFile> {
    const { sheet, name } = await this.sheet(auth, q);
    return download(await formWorkbook(sheet), XLSX, `${name}.xlsx`);
  }

  async formCsv(auth: AuthContext, q: PeriodQueryDto): Promise<StreamableFile> {
    const { sheet, name } = await this.sheet(auth, q);
    return download(formCsv(sheet), CSV, `${name}.csv`);
  }

  async newEmploymentXlsx(auth: AuthContext, q: PeriodQueryDto): Promise<StreamableFile> {
    const { sheet, name } = await this.sheet(auth, q, [NEW_EMPLOYMENT_SECTION]);
    return download(await formWorkbook(sheet, '新就业形态'), XLSX, `${name}_新就业形态.xlsx`);
  }

  async newEmploymentCsv(auth: AuthContext, q: PeriodQueryDto): Promise<StreamableFile> {
    const { sheet, name } = await this.sheet(auth, q, [NEW_EMPLOYMENT_SECTION]);
    return download(formCsv(sheet), CSV, `${name}_新就业形态.csv`);
  }

  // ---- 工作台账明细表 ----

  /**
   * The ledger streams: scope and access are checked and the first page is read before anything is sent, so those
   * errors are ordinary JSON answers; after that, rows are read a page at a time (enterprises by region and name,
   * then the industry and regional contracts) and committed to the response as they are laid out. A failure
   * mid-stream is logged and cuts the connection, so the client sees a broken download, not a short file.
   * The ledger stands as of the period's end (today while the period runs): contracts signed by then, flags then.
   */
  async ledger(auth: AuthContext, q: LedgerQueryDto, format: 'xlsx' | 'csv'): Promise<StreamableFile> {
    const s = await this.statistics.scope(auth, { regionCode: q.regionCode, from: q.from, to: q.to });
    const today = this.statistics.today();
    const asOf = [s.period.to, today].sort()[0];
    const year = s.period.to.slice(0, 4);
    const head: LedgerHead = { year, unitName: await this.unitName(auth, s), reportDate: today, columns: LEDGER_COLUMNS };
    const pages = this.ledgerPages(s.range, asOf);
    const first = await pages.next();

    const body = new PassThrough();
    const name = `${ledgerTitle(year).replace('全省', '')}_${s.regionName}.${format}`;
    // A stream that fails once bytes are sent makes the reply cut the connection (a truncated file must not look
    // complete); one that fails before gets the exception filter's 500.
    const file = new StreamableFile(body, { type: format === 'xlsx' ? XLSX : CSV, disposition: disposition(name) });

    const writer: LedgerWriter = format === 'xlsx' ? ledgerWriter(head, body) : ledgerCsvWriter(head, body);
    void (async () => {
      try {
        for (let page = first; !page.done; ) {
          const next = pages.next(); // on MariaDB the next page's queries run while this one is written
          writer.addRows(page.value);
          await drained(body);
          if (body.destroyed) {
            await next.catch(() => undefined);
            return writer.abort(); // the client went away
          }
          page = await next;
        }
        await writer.commit();
      } catch (e) {
        this.logger.error({ err: e, regionCode: s.regionCode }, 'ledger export failed');
        writer.abort();
        await pages.return(undefined).catch(() => undefined);
        body.destroy(e as Error);
      }
    })();
    return file;
  }

  /**
   * The ledger's rows as of `asOf`, a page at a time: each page of enterprises with their contracts and events, then
   * the industry rows. Invitation states are read as they stand now (an unanswered one past its time is overdue,
   * swept or not), as the invitations list reads them.
   */
  private async *ledgerPages(range: Range, asOf: string): AsyncGenerator<LedgerRow[], void, undefined> {
    const soon = addDays(asOf, CONTRACT_RENEWAL_WINDOW_DAYS);
    const yearStart = `${asOf.slice(0, 4)}-01-01`;
    // The end of asOf in Asia/Shanghai, as the instant columns store it.
    const until = sqlTime(new Date(Date.parse(`${addDays(asOf, 1)}T00:00:00+08:00`)));
    const now = this.clock.now();
    const regionNames = new Map<string, string>();
    // Below the province (a report never spans two): 成都市 锦江区.
    const regionName = async (code: string) => {
      if (!regionNames.has(code)) {
        const parts = (await this.regions.fullName(code)).split(' ');
        regionNames.set(code, (parts.length > 1 ? parts.slice(1) : parts).join(' '));
      }
      return regionNames.get(code)!;
    };
    const flags = (own: LedgerContractRow[]) => {
      const latest = latestByKind(own);
      const live = [...latest.values()];
      return {
        cells: CONTRACT_KINDS.map((k) => {
          const c = latest.get(k);
          return c ? `${c.signedAt} 签订\n${c.expiresAt} 到期` : '';
        }),
        expiring: live.some((c) => !c.renewed && c.expiresAt >= asOf && c.expiresAt <= soon),
        expired: live.some((c) => !c.renewed && c.expiresAt < asOf),
      };
    };
    let n = 0;
    for (let after: LedgerEnterpriseRow | undefined; ; ) {
      const enterprises = await enterprisePage(this.db, range, after);
      if (!enterprises.length) break;
      after = enterprises[enterprises.length - 1];
      const ids = enterprises.map((e) => e.id);
      const [contracts, evaluated, invitations, sessions, petitions, heldNames] = await Promise.all([
        pageContracts(this.db, ids, asOf),
        pageQualityEvaluated(this.db, ids, asOf),
        pageInvitations(this.db, ids, until),
        pageLatestSessions(this.db, ids, until),
        pageOverduePetitions(this.db, ids, sqlTime(now)),
        // A name held by WeChat's content check is left out of the ledger as everywhere (the page keys on the real one).
        this.organizations.heldNames(ids),
      ]);
      const byOrg = groupBy(contracts, (c) => c.organizationId!);
      const rows: LedgerRow[] = [];
      for (const e of enterprises) {
        const own = byOrg.get(e.id) ?? [];
        const f = flags(own);
        const inv = invitations.get(e.id);
        const held = sessions.get(e.id);
        rows.push([
          ++n,
          await regionName(e.regionCode),
          ModerationService.isHidden(heldNames, e.id, e.name) ? HELD_TEXT : e.name,
          e.uscc,
          ENTERPRISE_INDUSTRY_LABELS[e.industry as EnterpriseIndustry] ?? '',
          yes(e.isPlatform || own.some((c) => c.scope === 'new_employment')),
          yes(e.hasUnion),
          yes(e.hasUnion && !!e.unionisedAt && e.unionisedAt >= yearStart && e.unionisedAt <= asOf),
          e.employees,
          yes(e.isKeyEnterprise),
          ...f.cells,
          inv?.sentAt ? shanghaiDate(inv.sentAt) : '',
          withPetition(inv ? invitationState(inv, now) : '', petitions.get(e.id)),
          held ? shanghaiDate(held) : '',
          yes(evaluated.has(e.id)),
          yes(!own.length && !inv && !held),
          yes(f.expiring),
          yes(f.expired),
        ]);
      }
      yield rows;
      if (enterprises.length < PAGE) break;
    }
    // Industry and regional contracts: one row per contract, or per "1+3" package, in the order of each one's
    // first-signed contract.
    for (let after: LedgerContractRow | undefined; ; ) {
      const leaders = await industryLeaderPage(this.db, range, asOf, after);
      if (!leaders.length) break;
      after = leaders[leaders.length - 1];
      const members = groupBy(await packageMembers(this.db, range, asOf, leaders), (c) => c.packageId!);
      const rows: LedgerRow[] = [];
      for (const leader of leaders) {
        const group = leader.packageId ? (members.get(leader.packageId) ?? [leader]) : [leader];
        const f = flags(group);
        rows.push([
          ++n,
          await regionName(group[0].regionCode),
          group[0].title.split('·')[0],
          '',
          '行业、区域',
          '',
          '',
          '',
          null,
          '',
          ...f.cells,
          '',
          '',
          '',
          '',
          '否',
          yes(f.expiring),
          yes(f.expired),
        ]);
      }
      yield rows;
      if (leaders.length < INDUSTRY_PAGE) break;
    }
  }
}

/** 要约状态 as the invitation reads now; a reply after the due time reads 逾期答复. */
function invitationState(inv: LedgerInvitationRow, now: Date): string {
  const status = effectiveStatus(inv.status as InvitationStatus, inv.replyDueAt, now);
  const label = INVITATION_STATUS_LABELS[status] ?? inv.status;
  return inv.replyLate && (status === 'accepted' || status === 'declined') ? `${label}（逾期答复）` : label;
}

/**
 * The 要约状态 cell of an employer that workers petitioned, the share reached, and that the union has not invited
 * within the petition's clock: the flag goes under the invitation's own state, keeping the official columns.
 */
function withPetition(state: string, overdueSince: Date | undefined): string {
  if (!overdueSince) return state;
  const flag = `${PETITION_STATUS_LABELS.overdue}（职工联署，${shanghaiDate(overdueSince)}到期）`;
  return state ? `${state}\n${flag}` : flag;
}

function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Resolves once `out` can take more (or is gone): the writer never runs more than a page ahead of the client. */
function drained(out: PassThrough): Promise<void> {
  if (!out.writableNeedDrain || out.destroyed) return new Promise((r) => setImmediate(r));
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done).off('close', done);
      resolve();
    };
    out.on('drain', done).on('close', done);
  });
}

const KIND_SHORT: Record<ContractKind, string> = {
  comprehensive: '综合集体合同',
  wage: '工资专项集体合同',
  safety_health: '劳动安全卫生专项集体合同',
  women_workers: '女职工权益保护专项集体合同',
};

/** The ledger's columns, with widths for 9-point type on A4 landscape (see statistics.export.ts). */
const flag = (header: string) => ({ header, width: 4 });
const LEDGER_COLUMNS: LedgerHead['columns'] = [
  { header: '序号', width: 5 },
  { header: '地区', width: 6.5 },
  { header: '企业（行业）名称', width: 10.5 },
  { header: '统一社会信用代码', width: 21 },
  { header: '行业', width: 7 },
  flag('新就业形态企业'),
  flag('已建工会'),
  flag('新建会企业'),
  { header: '职工人数', width: 6 },
  flag('重点企业'),
  ...CONTRACT_KINDS.map((k) => ({ header: KIND_SHORT[k], width: 14.5 })),
  { header: '最近要约日期', width: 10.5 },
  { header: '要约状态', width: 7 },
  { header: '最近协商会议日期', width: 10.5 },
  flag('已开展质效评估'),
  flag('未开展集体协商'),
  flag('90日内即将到期'),
  flag('到期未续签'),
];

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    if (!out.has(k)) out.set(k, []);
    out.get(k)!.push(t);
  }
  return out;
}

/** The most recently signed contract of each kind (rows come oldest first). */
function latestByKind(rows: LedgerContractRow[]): Map<ContractKind, LedgerContractRow> {
  const out = new Map<ContractKind, LedgerContractRow>();
  for (const r of rows) out.set(r.kind, r);
  return out;
}
