// The official statistics table (附件1 of the 2024 notice) as data: the server fills it and exports it, the
// mini-program draws it. Headers are the notice's words, character for character.
import type { ContractKind, ContractScope } from './contracts.js';

/** One cell of the activity ledger behind section 四 (the last cell of 四 is derived from quality_evaluated). */
export const ACTIVITY_TYPES = [
  'guidance_team_formed',
  'enterprise_guided',
  'typical_case',
  'enterprise_researched',
  'onsite_event',
  'campaign_ceremony',
  'proposal_or_leaflet',
  'wechat_post_or_video',
  'training_session',
  'representatives_trained',
  'quality_evaluated',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const ACTIVITY_TYPE_LABELS: Record<ActivityType, string> = {
  guidance_team_formed: '组建指导队伍',
  enterprise_guided: '直接指导服务企业',
  typical_case: '集体协商典型案例',
  enterprise_researched: '调研企业',
  onsite_event: '举行现场观摩、恳谈会、经验交流或推进会等',
  campaign_ceremony: '开展本地区集中要约仪式',
  proposal_or_leaflet: '制发倡议书、宣传册',
  wechat_post_or_video: '制作集体协商微信推文、小视频等',
  training_session: '举办培训班',
  representatives_trained: '培训双方集体协商代表',
  quality_evaluated: '开展质效评估',
};

/** Types whose cell counts distinct enterprises (named by enterpriseIds) instead of summing `count`. */
export const ENTERPRISE_ACTIVITY_TYPES: readonly ActivityType[] = ['enterprise_guided', 'enterprise_researched', 'quality_evaluated'];

export interface CreateActivityRequest {
  type: ActivityType;
  regionCode: string;
  /** Calendar date YYYY-MM-DD (Asia/Shanghai). */
  occurredAt: string;
  /** Teams, cases, events, copies, posts, sessions, person-times; for enterprise types the number of enterprises named. */
  count?: number;
  /** Required for enterprise types: the enterprises guided, researched or evaluated (counted once each). */
  enterpriseIds?: string[];
  /** quality_evaluated only: those of the evaluated enterprises that are new-employment-form enterprises. */
  newEmploymentEnterpriseIds?: string[];
  note?: string;
}

export interface Activity {
  id: string;
  type: ActivityType;
  regionCode: string;
  occurredAt: string;
  count: number;
  enterpriseIds: string[];
  newEmploymentEnterpriseIds: string[];
  note: string | null;
  createdAt: string;
}

/** 签订数量（份）, 覆盖企业（家）, 覆盖职工（人） of one kind of contract. */
export interface KindFigures {
  contracts: number;
  enterprisesCovered: number;
  workersCovered: number;
}
export type SectionFigures = Record<ContractKind, KindFigures>;

/** Section 四: one number per cell. */
export type ActivityCell = ActivityType | 'quality_evaluated_new_employment';
export type ActivityFigures = Record<ActivityCell, number>;

/** Section 五 with the two campaign targets of the notice. */
export interface KeyTaskFigures {
  keyEnterprises: number;
  /**
   * 单独签订集体合同的重点企业: key enterprises party to an enterprise or new-employment contract of their own that is
   * valid on the period's end — signed by then, not expired, and not sent back by an objection pending on that day.
   */
  withOwnContract: number;
  /** Of those, the ones whose contract is also legally in effect (filed, 15 days passed without objection). */
  withOwnContractInEffect: number;
  /** Key enterprises named by a quality-evaluation activity up to the period's end. */
  qualityEvaluated: number;
  /** Shares of keyEnterprises (0..1), null when there are no key enterprises. */
  ownContractRate: number | null;
  qualityEvaluatedRate: number | null;
  ownContractTarget: number;
  qualityEvaluationTarget: number;
}

export const OWN_CONTRACT_TARGET = 0.85;
export const QUALITY_EVALUATION_TARGET = 0.65;

export interface FormFigures {
  enterprise: SectionFigures;
  new_employment: SectionFigures;
  industry_regional: SectionFigures;
  activities: ActivityFigures;
  keyTasks: KeyTaskFigures;
}

export interface StatisticsPeriodQuery {
  /** Defaults to the caller's region. */
  regionCode?: string;
  /** Inclusive calendar dates YYYY-MM-DD (Asia/Shanghai). */
  from: string;
  to: string;
}

/** The ledger (附件2) of a region, as of today. */
/** The ledger stands as of `to` (today when absent, or today while the period runs); its title takes that year. */
export interface LedgerQuery {
  /** Defaults to the caller's region. */
  regionCode?: string;
  /** YYYY-MM-DD, inclusive. */
  from?: string;
  to?: string;
}

export const STATISTICS_GROUP_BY = ['city', 'county'] as const;
export type StatisticsGroupBy = (typeof STATISTICS_GROUP_BY)[number];

export interface FormQuery extends StatisticsPeriodQuery {
  groupBy?: StatisticsGroupBy;
}

export interface NewEmploymentResponse {
  regionCode: string;
  regionName: string;
  from: string;
  to: string;
  figures: SectionFigures;
}

export interface FormRow extends FormFigures {
  regionCode: string;
  /** The region's name; "<name>本级" for records made at the parent region itself. */
  regionName: string;
}

export interface FormResponse extends FormFigures {
  regionCode: string;
  regionName: string;
  from: string;
  to: string;
  /** With groupBy: one row per child region (and one for the region itself when it has records), the total above. */
  rows?: FormRow[];
}

// ---- the layout of 附件1 ----

/** A header spanning `span` of the 12 columns. */
export interface FormHeader {
  label: string;
  span: number;
}

/** Where the number of a value cell comes from. */
export type FormCellSource =
  | { section: ContractScope; kind: ContractKind; figure: keyof KindFigures }
  | { section: 'activities'; cell: ActivityCell }
  | { section: 'keyTasks'; figure: 'keyEnterprises' | 'withOwnContract' | 'qualityEvaluated' };

export interface FormCell {
  label: string;
  span: number;
  source: FormCellSource;
}

export interface FormSection {
  key: ContractScope | 'activities' | 'keyTasks';
  /** Level one: the section row, across all 12 columns. */
  title: string;
  /** Level two: groups of cells (absent in 五, whose cell headers stand directly under the title). */
  groups: FormHeader[] | null;
  /** Level three: the cell headers, in column order; their spans add up to 12. */
  cells: FormCell[];
}

export const FORM_COLUMNS = 12;

export function formTitle(year: number | string): string {
  return `${year}年全省集体协商“集中要约季”活动情况统计表`;
}

export const FORM_UNIT_LABEL = '填报市（州）、省产业（局）、企业集团（公司）：';
export const FORM_DATE_LABEL = '填报日期：';

/** The headers over a contract section: the notice names the first group without "签订…总数（份）". */
export const CONTRACT_GROUP_LABELS: Record<ContractKind, string> = {
  comprehensive: '综合集体合同',
  wage: '签订工资专项集体合同总数（份）',
  safety_health: '签订劳动安全卫生专项集体合同总数（份）',
  women_workers: '签订女职工权益保护专项集体合同总数（份）',
};

const KIND_ORDER: ContractKind[] = ['comprehensive', 'wage', 'safety_health', 'women_workers'];
const FIGURE_LABELS: [keyof KindFigures, string][] = [
  ['contracts', '签订数量（份）'],
  ['enterprisesCovered', '覆盖企业（家）'],
  ['workersCovered', '覆盖职工（人）'],
];

function contractSection(key: ContractScope, title: string): FormSection {
  return {
    key,
    title,
    groups: KIND_ORDER.map((kind) => ({ label: CONTRACT_GROUP_LABELS[kind], span: 3 })),
    cells: KIND_ORDER.flatMap((kind) =>
      FIGURE_LABELS.map(([figure, label]) => ({ label, span: 1, source: { section: key, kind, figure } as FormCellSource })),
    ),
  };
}

const activity = (label: string, cell: ActivityCell): FormCell => ({ label, span: 1, source: { section: 'activities', cell } });

export const NEW_EMPLOYMENT_SECTION: FormSection = contractSection('new_employment', '二、新就业形态劳动者集体协商');

export const FORM_SECTIONS: FormSection[] = [
  contractSection('enterprise', '一、企业集体协商'),
  NEW_EMPLOYMENT_SECTION,
  contractSection('industry_regional', '三、行业、区域集体协商'),
  {
    key: 'activities',
    title: '四、推进集体协商“集中要约季”活动有关工作开展情况',
    groups: [
      { label: '（一）指导服务', span: 3 },
      { label: '（二）工作推进', span: 3 },
      { label: '（三）宣传发动', span: 2 },
      { label: '（四）履职培训', span: 2 },
      { label: '（五）质效评估', span: 2 },
    ],
    cells: [
      activity('组建指导队伍（支）', 'guidance_team_formed'),
      activity('直接指导服务企业（家）', 'enterprise_guided'),
      activity('集体协商典型案例（个）', 'typical_case'),
      activity('调研企业（家）', 'enterprise_researched'),
      activity('举行现场观摩、恳谈会、经验交流或推进会等（场次）', 'onsite_event'),
      activity('开展本地区集中要约仪式（场次）', 'campaign_ceremony'),
      activity('制发倡议书、宣传册（份）', 'proposal_or_leaflet'),
      activity('制作集体协商微信推文、小视频等（条）', 'wechat_post_or_video'),
      activity('举办培训班（场次）', 'training_session'),
      activity('培训双方集体协商代表（人次）', 'representatives_trained'),
      activity('开展质效评估企业数（家）', 'quality_evaluated'),
      activity('涉及新就业形态企业数（家）', 'quality_evaluated_new_employment'),
    ],
  },
  {
    key: 'keyTasks',
    title: '五、“十四五”规划重点任务指标',
    groups: null,
    cells: [
      { label: '重点企业数量', span: 2, source: { section: 'keyTasks', figure: 'keyEnterprises' } },
      { label: '单独签订集体合同的重点企业数量', span: 4, source: { section: 'keyTasks', figure: 'withOwnContract' } },
      { label: '已开展质效评估的重点企业数量', span: 6, source: { section: 'keyTasks', figure: 'qualityEvaluated' } },
    ],
  },
];

/** The number a value cell shows. */
export function formCellValue(figures: FormFigures, source: FormCellSource): number {
  switch (source.section) {
    case 'activities':
      return figures.activities[source.cell];
    case 'keyTasks':
      return figures.keyTasks[source.figure];
    default:
      return figures[source.section][source.kind][source.figure];
  }
}
