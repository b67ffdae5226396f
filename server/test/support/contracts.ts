// Factories for contracts, enterprises and activities, and a clock set to a chosen Asia/Shanghai day.
import type { ContractKind, ContractScope, CreateActivityRequest, CreateContractRequest, Organization } from '@xst/shared-types';
import { randomInt } from 'node:crypto';
import request from 'supertest';
import { usccCheckChar } from '../../src/regions/uscc.js';
import type { Actor, TestServer } from './server.js';

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A random, well-formed 统一社会信用代码 registered in `regionCode`. */
export function randomUscc(regionCode: string): string {
  let body = `91${regionCode}`;
  for (let i = 0; i < 9; i++) body += USCC_ALPHABET[randomInt(USCC_ALPHABET.length)];
  return body + usccCheckChar(body);
}

/** Moves the server's clock to `time` (default noon) of calendar day `date` in Asia/Shanghai. */
export function setShanghaiTime(s: TestServer, date: string, time = '12:00:00'): void {
  s.clock.setOffset(Date.parse(`${date}T${time}+08:00`) - Date.now());
}

export interface EnterpriseOptions {
  regionCode?: string;
  name?: string;
  isPlatform?: boolean;
  isKeyEnterprise?: boolean;
  hasUnion?: boolean;
  employees?: number;
  /** GB/T 4754 门类 letter (default G, 交通运输、仓储和邮政业). */
  industry?: string;
  unionisedAt?: string;
  type?: 'enterprise' | 'association' | 'union';
}

let counter = 0;

export async function makeEnterprise(s: TestServer, actor: Actor, o: EnterpriseOptions = {}): Promise<Organization> {
  const regionCode = o.regionCode ?? '510104';
  const type = o.type ?? 'enterprise';
  const res = await s.api(actor).post('/organizations', {
    type,
    name: o.name ?? `测试企业${++counter}号有限公司`,
    regionCode,
    ...(type === 'enterprise' ? { uscc: randomUscc(regionCode) } : {}),
    isPlatform: o.isPlatform ?? false,
    isKeyEnterprise: o.isKeyEnterprise ?? false,
    hasUnion: o.hasUnion ?? true,
    employees: o.employees ?? 120,
    industry: o.industry ?? 'G',
    ...(o.unionisedAt ? { unionisedAt: o.unionisedAt } : {}),
  });
  if (res.status !== 201) throw new Error(`organization failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function contractBody(partyIds: string[], o: Partial<CreateContractRequest> = {}): CreateContractRequest {
  return {
    scope: 'enterprise' as ContractScope,
    kind: 'comprehensive' as ContractKind,
    title: '2024年集体合同',
    regionCode: '510104',
    partyOrganizationIds: partyIds,
    signedAt: '2024-03-10',
    effectiveFrom: '2024-03-10',
    expiresAt: '2027-03-09',
    enterprisesCovered: 1,
    workersCovered: 120,
    ...o,
  };
}

export async function makeContract(s: TestServer, actor: Actor, partyIds: string[], o: Partial<CreateContractRequest> = {}) {
  const res = await s.api(actor).post('/contracts', contractBody(partyIds, o));
  if (res.status !== 201) throw new Error(`contract failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function makeActivity(s: TestServer, actor: Actor, body: CreateActivityRequest) {
  const res = await s.api(actor).post('/activities', body);
  if (res.status !== 201) throw new Error(`activity failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A multipart POST to /api`path` (s.api() always sends JSON). */
export function upload(s: TestServer, actor: Actor, path: string) {
  return request(s.url).post(`/api${path}`).set('authorization', `Bearer ${actor.token}`);
}
