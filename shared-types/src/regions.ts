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

export interface Organization {
  id: string;
  type: OrganizationType;
  name: string;
  regionCode: string;
  /** 统一社会信用代码, 18 characters; required for enterprises. */
  uscc: string | null;
  industry: string | null;
  isPlatform: boolean;
  employees: number | null;
  isKeyEnterprise: boolean;
  hasUnion: boolean;
  createdAt: string;
}

export interface CreateOrganizationRequest {
  type: OrganizationType;
  name: string;
  regionCode: string;
  uscc?: string;
  industry?: string;
  isPlatform?: boolean;
  employees?: number;
  isKeyEnterprise?: boolean;
  hasUnion?: boolean;
}

export type UpdateOrganizationRequest = Partial<Omit<CreateOrganizationRequest, 'type'>>;

export interface Page<T> {
  items: T[];
  total: number;
}
