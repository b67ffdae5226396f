// One server per database per run for the WeChat journeys: the built server on a fresh database, its WeChat API
// pointed at a fake WeChat server on loopback (jscode2session, subscribe sends), its SMS notices at a fake Tencent
// Cloud SMS (they go only to organizations a journey gives a contact phone). Its address reaches the test files
// through the environment; the handles stay here for the teardown.
// (jest loads this file as CommonJS without the moduleNameMapper, hence the imports without .js.)
import { createTestDatabase } from '../../../server/test/support/database';
import { FakeSms } from '../../../server/test/support/fake-sms';
import { FakeWechat } from '../../../server/test/support/fake-wechat';
import { spawnServer } from '../../../server/test/support/process';

export default async function globalSetup(): Promise<void> {
  const wechat = await new FakeWechat().start();
  const sms = await new FakeSms().start();
  const db = await createTestDatabase();
  const server = await spawnServer({
    ...db.env,
    H5_DIR: '',
    DEMO_SEED: '1',
    WECHAT_API_BASE: wechat.url,
    WECHAT_APPID: 'wx-weapp-journeys',
    WECHAT_SECRET: 'weapp-journeys-secret',
    ...sms.env,
  });
  process.env.XST_WEAPP_SERVER = server.url;
  process.env.XST_FAKE_WECHAT = wechat.url;
  (globalThis as any).__weapp = { wechat, sms, server, db };
}
