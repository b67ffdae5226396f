import { INDUSTRIES, INDUSTRY_LABELS, ROLES, ROLE_LABELS } from './identity.js';
import { ESCALATION_STEPS, ESCALATION_STEP_LABELS, INVITATION_STATUSES, INVITATION_STATUS_LABELS } from './invitations.js';
import { SESSION_TYPES, SESSION_TYPE_LABELS, TOPIC_OUTCOMES, TOPIC_OUTCOME_LABELS } from './sessions.js';
import { TOPIC_CATALOG } from './topics.js';

describe('the shared contract', () => {
  it('gives every catalog topic a unique, stable code', () => {
    const codes = TOPIC_CATALOG.map((t) => t.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^[a-z_]+$/);
  });

  it('names the ten new-employment topics of the notice', () => {
    const titles = TOPIC_CATALOG.filter((t) => t.group === 'new_employment').map((t) => t.title);
    expect(titles).toEqual([
      '抽成比例',
      '算法调整',
      '报酬支付办法',
      '劳动量与劳动强度',
      '工作时间',
      '劳动保护',
      '订单分配',
      '奖惩制度',
      '补充保险',
      '职工互助保险',
    ]);
  });

  it.each([
    ['roles', ROLES, ROLE_LABELS],
    ['industries', INDUSTRIES, INDUSTRY_LABELS],
    ['invitation statuses', INVITATION_STATUSES, INVITATION_STATUS_LABELS],
    ['escalation steps', ESCALATION_STEPS, ESCALATION_STEP_LABELS],
    ['session types', SESSION_TYPES, SESSION_TYPE_LABELS],
    ['topic outcomes', TOPIC_OUTCOMES, TOPIC_OUTCOME_LABELS],
  ] as const)('has a Chinese label for each of the %s', (_name, values, labels) => {
    for (const v of values) expect((labels as Record<string, string>)[v]).toMatch(/[\u4e00-\u9fff]/);
  });
});
