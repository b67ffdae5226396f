/** The standard negotiation topics (议题) named by the notice and the national rules, with stable codes. */
export type TopicGroup = 'new_employment' | 'enterprise' | 'quality';

export interface CatalogTopic {
  code: string;
  title: string;
  group: TopicGroup;
  description: string;
}

export const TOPIC_CATALOG: readonly CatalogTopic[] = [
  { code: 'commission_rate', title: '抽成比例', group: 'new_employment', description: '平台从每单收入中抽取的比例和规则' },
  { code: 'algorithm', title: '算法调整', group: 'new_employment', description: '派单、计价、考核算法的规则及调整前的协商' },
  { code: 'pay_method', title: '报酬支付办法', group: 'new_employment', description: '计件单价、结算周期、扣款规则' },
  { code: 'workload', title: '劳动量与劳动强度', group: 'new_employment', description: '每日单量、配送时限、连续工作时长' },
  { code: 'working_time', title: '工作时间', group: 'new_employment', description: '在线时长、休息时间、节假日安排' },
  { code: 'labour_protection', title: '劳动保护', group: 'new_employment', description: '防暑降温、交通安全、装备和站点条件' },
  { code: 'order_dispatch', title: '订单分配', group: 'new_employment', description: '派单是否公平、拒单和改派的规则' },
  { code: 'rewards_penalties', title: '奖惩制度', group: 'new_employment', description: '差评、超时、罚款和申诉规则' },
  { code: 'supplementary_insurance', title: '补充保险', group: 'new_employment', description: '意外险、职业伤害保障的补充' },
  { code: 'mutual_aid_insurance', title: '职工互助保险', group: 'new_employment', description: '工会职工互助保障的参保和费用' },
  { code: 'employment_management', title: '劳动用工管理', group: 'enterprise', description: '招用、合同、岗位管理' },
  { code: 'remuneration', title: '劳动报酬', group: 'enterprise', description: '工资水平、增长机制、支付保障' },
  { code: 'enterprise_working_time', title: '工作时间', group: 'enterprise', description: '工时制度、加班' },
  { code: 'rest_leave', title: '休息休假', group: 'enterprise', description: '休息日、年休假、探亲假' },
  { code: 'insurance_welfare', title: '补充保险和福利', group: 'enterprise', description: '企业年金、补充医疗、福利项目' },
  { code: 'safety_health', title: '劳动安全卫生', group: 'enterprise', description: '安全生产、职业病防治' },
  { code: 'special_protection', title: '女职工和未成年工特殊保护', group: 'enterprise', description: '“四期”保护、防止性骚扰' },
  { code: 'layoffs', title: '裁员', group: 'enterprise', description: '裁员的条件、程序和补偿' },
  { code: 'recuperation', title: '职工疗休养', group: 'quality', description: '疗休养的安排和费用' },
  { code: 'welfare_education_funds', title: '职工福利费和教育经费使用', group: 'quality', description: '福利费、教育经费的提取和使用' },
  { code: 'model_worker_treatment', title: '劳模工匠待遇', group: 'quality', description: '劳模、工匠的待遇和激励' },
];

export const TOPIC_CODES: readonly string[] = TOPIC_CATALOG.map((t) => t.code);

export function catalogTopic(code: string): CatalogTopic | undefined {
  return TOPIC_CATALOG.find((t) => t.code === code);
}
