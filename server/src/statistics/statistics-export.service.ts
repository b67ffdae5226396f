// Files for the reporting units: the official table (whole, or section 二 alone) and the ledger, as xlsx and csv.
import { Inject, Injectable, Logger, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CONTRACT_KINDS,
  CONTRACT_RENEWAL_WINDOW_DAYS,
  FORM_SECTIONS,
  INDUSTRY_LABELS,
  INVITATION_STATUS_LABELS,
  NEW_EMPLOYMENT_SECTION,
  type ContractKind,
  type FormFigures,
  type Industry,
  type InvitationStatus,
} from '@xst/shared-types';
import { PassThrough } from 'node:stream';
import { DataSource } from 'typeorm';
import type { AuthContext } from '../common/auth.js';
import { addDays, shanghaiDate } from '../common/clock.js';
import { OrganizationsService } from '../regions/organizations.service.js';
import { RegionsService } from '../regions/regions.service.js';
import { formCsv, formWorkbook, ledgerWriter, type FormSheet, type LedgerHead, type LedgerRow } from './statistics.export.js';
import type { FormQueryDto, LedgerQueryDto, PeriodQueryDto } from './statistics.dto.js';
import {
  enterprisePage,
  INDUSTRY_PAGE,
  industryLeaderPage,
  type LedgerContractRow,
  type LedgerEnterpriseRow,
  PAGE,
  packageMembers,
  pageContracts,
  pageInvitations,
  pageLatestSessions,
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
   */
  async ledgerXlsx(auth: AuthContext, q: LedgerQueryDto): Promise<StreamableFile> {
    const s = await this.statistics.scope(auth, { regionCode: q.regionCode });
    const today = this.statistics.today();
    const head = { year: today.slice(0, 4), unitName: await this.unitName(auth, s), reportDate: today, columns: LEDGER_COLUMNS };
    const pages = this.ledgerPages(s.range, today);
    const first = await pages.next();

    const body = new PassThrough();
    const name = `${today.slice(0, 4)}年集体协商集中要约活动工作台账明细表_${s.regionName}.xlsx`;
    // A stream that fails once bytes are sent makes the reply cut the connection (a truncated file must not look
    // complete); one that fails before gets the exception filter's 500.
    const file = new StreamableFile(body, { type: XLSX, disposition: disposition(name) });

    const writer = ledgerWriter(head, body);
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

  /** The ledger's rows, a page at a time: each page of enterprises with their contracts and events, then the industry rows. */
  private async *ledgerPages(range: Range, today: string): AsyncGenerator<LedgerRow[], void, undefined> {
    const soon = addDays(today, CONTRACT_RENEWAL_WINDOW_DAYS);
    const regionNames = new Map<string, string>();
    const regionName = async (code: string) => {
      if (!regionNames.has(code)) regionNames.set(code, await this.regions.fullName(code));
      return regionNames.get(code)!;
    };
    const flags = (own: LedgerContractRow[]) => {
      const latest = latestByKind(own);
      const live = [...latest.values()];
      return {
        cells: CONTRACT_KINDS.map((k) => (latest.get(k) ? `${latest.get(k)!.signedAt} 签订，${latest.get(k)!.expiresAt} 到期` : '')),
        expiring: live.some((c) => !c.renewed && c.expiresAt >= today && c.expiresAt <= soon),
        expired: live.some((c) => !c.renewed && c.expiresAt < today),
      };
    };
    let n = 0;
    for (let after: LedgerEnterpriseRow | undefined; ; ) {
      const enterprises = await enterprisePage(this.db, range, after);
      if (!enterprises.length) break;
      after = enterprises[enterprises.length - 1];
      const ids = enterprises.map((e) => e.id);
      const [contracts, evaluated, invitations, sessions] = await Promise.all([
        pageContracts(this.db, ids),
        pageQualityEvaluated(this.db, ids),
        pageInvitations(this.db, ids),
        pageLatestSessions(this.db, ids),
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
          e.name,
          e.uscc,
          INDUSTRY_LABELS[e.industry as Industry] ?? e.industry ?? '',
          yes(e.isPlatform || own.some((c) => c.scope === 'new_employment')),
          yes(e.hasUnion),
          e.employees,
          yes(e.isKeyEnterprise),
          ...f.cells,
          inv?.sentAt ? shanghaiDate(inv.sentAt) : '',
          inv ? (INVITATION_STATUS_LABELS[inv.status as InvitationStatus] ?? inv.status) : '',
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
      const leaders = await industryLeaderPage(this.db, range, after);
      if (!leaders.length) break;
      after = leaders[leaders.length - 1];
      const members = groupBy(await packageMembers(this.db, range, leaders), (c) => c.packageId!);
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

const LEDGER_COLUMNS: LedgerHead['columns'] = [
  { header: '序号', width: 6 },
  { header: '地区', width: 18 },
  { header: '企业（行业）名称', width: 28 },
  { header: '统一社会信用代码', width: 21 },
  { header: '行业', width: 12 },
  { header: '新就业形态企业', width: 9 },
  { header: '已建工会', width: 7 },
  { header: '职工人数', width: 9 },
  { header: '重点企业', width: 7 },
  ...CONTRACT_KINDS.map((k) => ({ header: KIND_SHORT[k], width: 24 })),
  { header: '最近要约日期', width: 12 },
  { header: '要约状态', width: 10 },
  { header: '最近协商会议日期', width: 12 },
  { header: '已开展质效评估', width: 9 },
  { header: '未开展集体协商', width: 9 },
  { header: '合同即将到期（90日内）', width: 11 },
  { header: '到期未续签', width: 9 },
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
