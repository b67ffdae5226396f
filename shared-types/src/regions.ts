import type { PageQuery } from './paging.js';
export type RegionLevel = 'province' | 'city' | 'county';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

export const ORGANIZATION_TYPES = ['union', 'enterprise', 'association'] as const;
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];

export const ORGANIZATION_TYPE_LABELS: Record<OrganizationType, string> = {
  union: '工会',
  enterprise: '企业',
  association: '行业协会',
};

/**
 * The industry an enterprise or association is registered in: the 20 门类 of 国民经济行业分类 (GB/T 4754-2017),
 * by their letter. Not the workers' occupation (a rider's enterprise may be a platform, I, or a labour-service firm, L).
 */
export const ENTERPRISE_INDUSTRIES = [
  'A',
  'B',
  'C',
  'D',
  'E',
  'F',
  'G',
  'H',
  'I',
  'J',
  'K',
  'L',
  'M',
  'N',
  'O',
  'P',
  'Q',
  'R',
  'S',
  'T',
] as const;
export type EnterpriseIndustry = (typeof ENTERPRISE_INDUSTRIES)[number];

export const ENTERPRISE_INDUSTRY_LABELS: Record<EnterpriseIndustry, string> = {
  A: '农、林、牧、渔业',
  B: '采矿业',
  C: '制造业',
  D: '电力、热力、燃气及水生产和供应业',
  E: '建筑业',
  F: '批发和零售业',
  G: '交通运输、仓储和邮政业',
  H: '住宿和餐饮业',
  I: '信息传输、软件和信息技术服务业',
  J: '金融业',
  K: '房地产业',
  L: '租赁和商务服务业',
  M: '科学研究和技术服务业',
  N: '水利、环境和公共设施管理业',
  O: '居民服务、修理和其他服务业',
  P: '教育',
  Q: '卫生和社会工作',
  R: '文化、体育和娱乐业',
  S: '公共管理、社会保障和社会组织',
  T: '国际组织',
};

export interface Organization {
  id: string;
  type: OrganizationType;
  name: string;
  regionCode: string;
  /** 统一社会信用代码, 18 characters; required for enterprises. */
  uscc: string | null;
  industry: EnterpriseIndustry | null;
  isPlatform: boolean;
  employees: number | null;
  isKeyEnterprise: boolean;
  hasUnion: boolean;
  /** The day its union was founded (YYYY-MM-DD), when known: the ledger's 新建会企业 are those founded in the report's year. */
  unionisedAt: string | null;
  /**
   * 联系手机: where an invitation's SMS notice goes. In full (11 digits) to the staff who manage the organization and
   * to its own accounts; masked (138****1234) in lists and to everyone else; null when none is recorded.
   */
  contactPhone: string | null;
  /** Whether contactPhone above is masked for the caller. */
  contactPhoneMasked: boolean;
  createdAt: string;
}

export interface CreateOrganizationRequest {
  type: OrganizationType;
  name: string;
  regionCode: string;
  /** 统一社会信用代码, 18 characters; required for enterprises. null clears it (not for an enterprise). */
  uscc?: string | null;
  /** A 门类 letter of GB/T 4754-2017; null clears it. */
  industry?: EnterpriseIndustry | null;
  isPlatform?: boolean;
  /** null clears it. */
  employees?: number | null;
  isKeyEnterprise?: boolean;
  /** Set to true when unionisedAt is given and hasUnion is not. */
  hasUnion?: boolean;
  /** The day its union was founded, YYYY-MM-DD, not after today; null clears it. */
  unionisedAt?: string | null;
  /**
   * 联系手机, a mainland mobile number (+86 and spaces accepted; stored as 11 digits); null clears it. An enterprise's
   * or association's own accounts may set it on their organization (and nothing else).
   */
  contactPhone?: string | null;
}

/** A field left out stays as it is. */
export type UpdateOrganizationRequest = Partial<Omit<CreateOrganizationRequest, 'type'>>;

export interface ListOrganizationsQuery extends PageQuery {
  type?: OrganizationType;
  /** Staff: a region within theirs (default: theirs). */
  regionCode?: string;
  /** Part of the name. */
  q?: string;
}

export interface RegionsQuery {
  /** The children of this region; the provinces without it. */
  parent?: string;
}
