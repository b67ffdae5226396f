// Factories for negotiation sessions in tests.
import type { CreateSessionRequest } from '@xst/shared-types';
import { randomUUID } from 'node:crypto';

export function sessionRequest(over: Partial<CreateSessionRequest> = {}): CreateSessionRequest {
  return {
    clientId: randomUUID(),
    type: 'negotiation',
    // Now: after the invitation it is logged on was sent (tests that move the server's clock pass their own).
    heldAt: new Date().toISOString(),
    place: '成都市总工会三楼会议室',
    online: false,
    workerSide: { chief: '王建国', count: 5 },
    employerSide: { chief: '李明', count: 5 },
    recorder: '赵敏',
    topics: [
      { title: '抽成比例', outcome: 'agreed', note: '高峰时段抽成下调 1 个百分点' },
      { title: '算法调整', outcome: 'open' },
    ],
    minutes: '双方就抽成比例和算法调整进行了协商。企业方同意高峰时段抽成下调 1 个百分点；算法调整下次继续协商。',
    ...over,
  };
}
