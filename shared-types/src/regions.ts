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
  /** 统一社会信用代码, 18 characters; required for enterprises. null clears it (not for an enterprise). */
  uscc?: string | null;
  /** null clears it. */
  industry?: string | null;
  isPlatform?: boolean;
  /** null clears it. */
  employees?: number | null;
  isKeyEnterprise?: boolean;
  hasUnion?: boolean;
}

/** A field left out stays as it is. */
export type UpdateOrganizationRequest = Partial<Omit<CreateOrganizationRequest, 'type'>>;

export interface ListOrganizationsQuery {
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

export interface Page<T> {
  items: T[];
  total: number;
}
