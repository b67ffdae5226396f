import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import {
  type CongressFigures,
  ACTIVITY_TYPES,
  CONTRACT_KINDS,
  ENTERPRISE_ACTIVITY_TYPES,
  OWN_CONTRACT_TARGET,
  QUALITY_EVALUATION_TARGET,
  type Activity,
  type ActivityFigures,
  type ContractScope,
  type FormFigures,
  type FormResponse,
  type FormRow,
  type KeyTaskFigures,
  type NewEmploymentResponse,
  type SectionFigures,
  type StatisticsGroupBy,
} from '@xst/shared-types';
import { DataSource, In, type Repository } from 'typeorm';
import type { AuthContext } from '../common/auth.js';
import { addDays, Clock, isCalendarDate, shanghaiDate } from '../common/clock.js';
import { forbidden, invalid } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { sqlTime } from '../database/raw-time.js';
import { Transactions } from '../database/transactions.js';
import { OrganizationsService } from '../regions/organizations.service.js';
import { isWithin, regionLevel, regionRange } from '../regions/region-codes.js';
import { RegionsService } from '../regions/regions.service.js';
import { ActivityEnterpriseEntity, ActivityEntity } from './activity.entity.js';
import type { CreateActivityDto, FormQueryDto, PeriodQueryDto } from './statistics.dto.js';
import { activityCounts, congressCounts, contractCounts, keyTaskCounts, type Period, type Range } from './statistics.queries.js';

const CONTRACT_SECTIONS: ContractScope[] = ['enterprise', 'new_employment', 'industry_regional'];

export function emptySection(): SectionFigures {
  return Object.fromEntries(CONTRACT_KINDS.map((k) => [k, { contracts: 0, enterprisesCovered: 0, workersCovered: 0 }])) as SectionFigures;
}

function emptyFigures(): FormFigures {
  return {
    enterprise: emptySection(),
    new_employment: emptySection(),
    industry_regional: emptySection(),
    activities: Object.fromEntries([...ACTIVITY_TYPES, 'quality_evaluated_new_employment'].map((t) => [t, 0])) as ActivityFigures,
    keyTasks: keyTasks(0, 0, 0, 0),
  };
}

function keyTasks(
  keyEnterprises: number,
  withOwnContract: number,
  withOwnContractInEffect: number,
  qualityEvaluated: number,
): KeyTaskFigures {
  return {
    keyEnterprises,
    withOwnContract,
    withOwnContractInEffect,
    qualityEvaluated,
    ownContractRate: keyEnterprises ? withOwnContract / keyEnterprises : null,
    qualityEvaluatedRate: keyEnterprises ? qualityEvaluated / keyEnterprises : null,
    ownContractTarget: OWN_CONTRACT_TARGET,
    qualityEvaluationTarget: QUALITY_EVALUATION_TARGET,
  };
}

/** A checked request for figures: the region the caller may see, and a real period. */
export interface Scope {
  regionCode: string;
  regionName: string;
  range: Range;
  period: Period;
}

@Injectable()
export class StatisticsService {
  constructor(
    /** Read-only, through the aggregate queries of statistics.queries.ts (see there). */
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(ActivityEntity) private readonly activities: Repository<ActivityEntity>,
    @InjectRepository(ActivityEnterpriseEntity) private readonly activityEnterprises: Repository<ActivityEnterpriseEntity>,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(RegionsService) private readonly regions: RegionsService,
    @Inject(OrganizationsService) private readonly organizations: OrganizationsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  today(): string {
    return shanghaiDate(this.clock.now());
  }

  /** Admins and organizers get their region and below; any other region is refused. */
  async scope(auth: AuthContext, q: { regionCode?: string; from?: string; to?: string }): Promise<Scope> {
    const regionCode = q.regionCode ?? auth.regionCode;
    if (!regionCode || !(await this.regions.exists(regionCode))) throw invalid('regionCode', '地区代码 regionCode 不存在');
    if (!isWithin(regionCode, auth.regionCode)) throw forbidden('只能查看你所辖地区的统计数据');
    const from = q.from ?? '2000-01-01';
    const to = q.to ?? this.today();
    if (!isCalendarDate(from)) throw invalid('from', '开始日期 from 不是有效的日期');
    if (!isCalendarDate(to)) throw invalid('to', '结束日期 to 不是有效的日期');
    if (from > to) throw invalid('to', '结束日期 to 不能早于开始日期 from');
    const [low, high] = regionRange(regionCode);
    return { regionCode, regionName: (await this.regions.name(regionCode)) ?? regionCode, range: { low, high }, period: { from, to } };
  }

  async newEmployment(auth: AuthContext, q: PeriodQueryDto): Promise<NewEmploymentResponse> {
    const s = await this.scope(auth, q);
    const figures = emptySection();
    for (const r of await contractCounts(this.db, s.range, s.period, ['new_employment'])) {
      figures[r.kind] = { contracts: r.contracts, enterprisesCovered: r.enterprisesCovered, workersCovered: r.workersCovered };
    }
    return { regionCode: s.regionCode, regionName: s.regionName, from: s.period.from, to: s.period.to, figures };
  }

  /** The workers' congress in the region and period, beside the workers' awareness and satisfaction. */
  async congress(auth: AuthContext, q: PeriodQueryDto): Promise<CongressFigures> {
    const s = await this.scope(auth, q);
    const since = sqlTime(new Date(Date.parse(`${s.period.from}T00:00:00+08:00`)));
    const until = sqlTime(new Date(Date.parse(`${addDays(s.period.to, 1)}T00:00:00+08:00`)));
    const r = await congressCounts(this.db, s.range, s.period, since, until);
    const rate = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 1000 : null);
    return {
      regionCode: s.regionCode,
      from: s.period.from,
      to: s.period.to,
      congressesHeld: r.held,
      adopted: r.adopted,
      contractsAdoptedByCongress: r.contracts,
      attendanceRate: rate(r.attendance, r.electorate),
      approvalRate: rate(r.approve, r.electorate),
      feedbackResponses: r.responses,
      awarenessRate: rate(r.aware, r.responses),
      satisfactionRate: rate(r.satisfied, r.responses),
    };
  }

  async form(auth: AuthContext, q: FormQueryDto): Promise<FormResponse> {
    const s = await this.scope(auth, q);
    if (q.groupBy) this.checkGroupBy(s.regionCode, q.groupBy);
    const total = (await this.figures(s))[''] ?? emptyFigures();
    const response: FormResponse = { regionCode: s.regionCode, regionName: s.regionName, from: s.period.from, to: s.period.to, ...total };
    if (q.groupBy) response.rows = await this.rows(s, q.groupBy);
    return response;
  }

  private checkGroupBy(regionCode: string, groupBy: StatisticsGroupBy): void {
    const level = regionLevel(regionCode);
    if (groupBy === 'city' && level !== 'province') throw invalid('groupBy', '按市（州）分组 groupBy=city 只适用于省级地区');
    if (groupBy === 'county' && level !== 'city') throw invalid('groupBy', '按县（区）分组 groupBy=county 只适用于市（州）级地区');
  }

  private async rows(s: Scope, groupBy: StatisticsGroupBy): Promise<FormRow[]> {
    const byGroup = await this.figures(s, groupBy);
    const code = (grp: string) => (groupBy === 'city' ? `${grp}00` : grp);
    const byCode = new Map(Object.entries(byGroup).map(([grp, f]) => [code(grp), f]));
    const rows: FormRow[] = [];
    const own = byCode.get(s.regionCode);
    if (own) rows.push({ regionCode: s.regionCode, regionName: `${s.regionName}本级`, ...own });
    for (const child of await this.regions.children(s.regionCode)) {
      rows.push({ regionCode: child.code, regionName: child.name, ...(byCode.get(child.code) ?? emptyFigures()) });
    }
    return rows;
  }

  /** All five sections, by group ('' without groupBy), from the aggregate queries of statistics.queries.ts. */
  private async figures(s: Scope, groupBy?: StatisticsGroupBy): Promise<Record<string, FormFigures>> {
    const today = this.today();
    // ISO dates compare as strings: the period's end, or today while the period runs.
    const asOf = [s.period.to, today].sort()[0];
    const [contracts, activities, tasks] = await Promise.all([
      contractCounts(this.db, s.range, s.period, CONTRACT_SECTIONS, groupBy),
      activityCounts(this.db, s.range, s.period, ENTERPRISE_ACTIVITY_TYPES, groupBy),
      keyTaskCounts(this.db, s.range, asOf, groupBy),
    ]);
    const out: Record<string, FormFigures> = {};
    const at = (grp: string) => (out[grp] ??= emptyFigures());
    if (!groupBy) at('');
    for (const r of contracts)
      at(r.grp)[r.scope][r.kind] = { contracts: r.contracts, enterprisesCovered: r.enterprisesCovered, workersCovered: r.workersCovered };
    for (const r of activities) at(r.grp).activities[r.type] = r.n;
    for (const r of tasks)
      at(r.grp).keyTasks = keyTasks(r.keyEnterprises, r.withOwnContract, r.withOwnContractInEffect, r.qualityEvaluated);
    return out;
  }

  // ---- the activity ledger (section 四) ----

  async createActivity(auth: AuthContext, dto: CreateActivityDto): Promise<Activity> {
    if (!(await this.regions.exists(dto.regionCode))) throw invalid('regionCode', '地区代码 regionCode 不存在');
    if (!isWithin(dto.regionCode, auth.regionCode)) throw invalid('regionCode', '只能登记你所辖地区（regionCode）的工作');
    if (!isCalendarDate(dto.occurredAt)) throw invalid('occurredAt', '日期 occurredAt 不是有效的日期');
    if (dto.occurredAt > this.today()) throw invalid('occurredAt', '日期 occurredAt 不能晚于今天：只能登记已经开展的工作');
    const countsEnterprises = ENTERPRISE_ACTIVITY_TYPES.includes(dto.type);
    const named = dto.enterpriseIds ?? [];
    const newEmployment = dto.newEmploymentEnterpriseIds ?? [];
    if (newEmployment.length && dto.type !== 'quality_evaluated') {
      throw invalid('newEmploymentEnterpriseIds', '新就业形态企业 newEmploymentEnterpriseIds 只用于质效评估（quality_evaluated）');
    }
    const enterprises = [...new Set([...named, ...newEmployment])];
    if (countsEnterprises) {
      if (!enterprises.length) throw invalid('enterpriseIds', '这项工作按企业计数，请列出涉及的企业 enterpriseIds');
      if (dto.count !== undefined && dto.count !== enterprises.length)
        throw invalid('count', `数量 count 应等于列出的企业数（${enterprises.length} 家）`);
    } else {
      if (enterprises.length) throw invalid('enterpriseIds', '这项工作不按企业计数，请不要填写 enterpriseIds');
      if (dto.count === undefined) throw invalid('count', '请填写数量 count');
    }
    if (enterprises.length) {
      const found = [...(await this.organizations.byIds(enterprises)).values()];
      if (found.length !== enterprises.length || found.some((o) => o.type !== 'enterprise' || !isWithin(o.regionCode, auth.regionCode))) {
        throw invalid('enterpriseIds', '企业 enterpriseIds 中有企业不存在或无权查看');
      }
    }
    const row = this.activities.create({
      id: newId(),
      type: dto.type,
      regionCode: dto.regionCode,
      occurredAt: dto.occurredAt,
      count: countsEnterprises ? enterprises.length : dto.count!,
      note: dto.note?.trim() || null,
      createdBy: auth.userId,
    });
    await this.tx.run(async (em) => {
      await em.insert(ActivityEntity, row);
      if (enterprises.length) {
        await em.insert(
          ActivityEnterpriseEntity,
          enterprises.map((organizationId) => ({
            activityId: row.id,
            organizationId,
            newEmployment: newEmployment.includes(organizationId),
            type: row.type,
            regionCode: row.regionCode,
            occurredAt: row.occurredAt,
          })),
        );
      }
    });
    return (await this.presentActivities([await this.activities.findOneByOrFail({ id: row.id })]))[0];
  }

  async listActivities(auth: AuthContext, q: PeriodQueryDto): Promise<{ items: Activity[]; total: number }> {
    const s = await this.scope(auth, q);
    const [rows, total] = await this.activities
      .createQueryBuilder('a')
      .where('a.regionCode BETWEEN :low AND :high', s.range)
      .andWhere('a.occurredAt BETWEEN :from AND :to', s.period)
      .orderBy('a.occurredAt', 'DESC')
      .addOrderBy('a.id', 'ASC')
      .take(500)
      .getManyAndCount();
    return { items: await this.presentActivities(rows), total };
  }

  private async presentActivities(rows: ActivityEntity[]): Promise<Activity[]> {
    const named = rows.length ? await this.activityEnterprises.findBy({ activityId: In(rows.map((r) => r.id)) }) : [];
    return rows.map((a) => {
      const mine = named.filter((n) => n.activityId === a.id);
      return {
        id: a.id,
        type: a.type,
        regionCode: a.regionCode,
        occurredAt: a.occurredAt,
        count: a.count,
        enterpriseIds: mine.map((n) => n.organizationId).sort(),
        newEmploymentEnterpriseIds: mine
          .filter((n) => Boolean(n.newEmployment))
          .map((n) => n.organizationId)
          .sort(),
        note: a.note,
        createdAt: a.createdAt.toISOString(),
      };
    });
  }
}
