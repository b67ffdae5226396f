export const ROLES = ['worker', 'organizer', 'enterprise', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  worker: '劳动者',
  organizer: '工会工作人员',
  enterprise: '企业代表',
  admin: '总工会管理员',
};

export const INDUSTRIES = ['rider', 'ride_hailing', 'courier', 'domestic', 'trucking', 'other'] as const;
export type Industry = (typeof INDUSTRIES)[number];

export const INDUSTRY_LABELS: Record<Industry, string> = {
  rider: '外卖骑手',
  ride_hailing: '网约车司机',
  courier: '快递员',
  domestic: '家政服务员',
  trucking: '货车司机',
  other: '其他',
};

export interface User {
  id: string;
  role: Role;
  displayName: string | null;
  /** Worker profile. */
  industry: Industry | null;
  platform: string | null;
  /** GB/T 2260 code: a worker's city (or county); a staff account's region. */
  regionCode: string | null;
  organizationId: string | null;
  createdAt: string;
}

export interface AuthResponse {
  token: string;
  /** ISO time at which the token stops being accepted. */
  expiresAt: string;
  user: User;
}

export interface WechatLoginRequest {
  code: string;
}

export interface DevLoginRequest {
  openid: string;
  role: Role;
  regionCode?: string;
  organizationId?: string;
}

export interface UpdateMeRequest {
  displayName?: string;
  industry?: Industry;
  platform?: string;
  regionCode?: string;
}

export interface CreateInviteCodeRequest {
  role: Exclude<Role, 'worker'>;
  organizationId: string;
  regionCode: string;
  /** Days the code stays valid; default 14. */
  validDays?: number;
}

export interface InviteCode {
  code: string;
  role: Role;
  organizationId: string;
  regionCode: string;
  expiresAt: string;
  redeemedAt: string | null;
}

export interface RedeemRequest {
  code: string;
}

/** What the server tells a client about itself before sign-in. */
export interface ServerInfo {
  devLogin: boolean;
  replyDays: number;
  version: string;
}
