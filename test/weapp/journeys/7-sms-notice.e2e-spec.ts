// WeChat journey 7: an enterprise's representative registers the enterprise's 联系手机 on the 企业工作台 (a short
// number refused on the phone); the union sends an invitation, and the organizer reads on it in WeChat that the SMS
// notice went out (the server sent it to the fake Tencent Cloud SMS, which checked its signature).
import { INVITATION_PAGE } from '@xst/shared-types';
import { type MiniApp, openApp } from '../harness/miniapp.js';
import { weappServer } from '../support/journey.js';

describe('the SMS notice of an invitation, in WeChat', () => {
  const srv = weappServer();
  let app: MiniApp | undefined;
  afterEach(() => app?.kill());

  it('registers the contact phone on the workbench and shows 已短信通知 on the invitation', async () => {
    const enterprise = await srv.login('sms-weapp-ent', 'enterprise', { regionCode: '510104' });
    const orgId = enterprise.user.organizationId!;
    app = await openApp({ server: srv.url, openid: 'sms-weapp-ent', path: 'pkg-enterprise/home/index' });
    await app.see('#ent-phone');
    await app.tap('#ent-phone-edit');
    await app.type('ent-phone-input', '1391234');
    await app.tap('#ent-phone-save');
    await app.see('联系手机应为 11 位大陆手机号，如 13812345678');
    await app.type('ent-phone-input', '13912345678');
    await app.tap('#ent-phone-save');
    await app.see('13912345678');
    const patch = app.callsTo('request').find((r) => r.method === 'PATCH' && r.url.endsWith(`/organizations/${orgId}`));
    expect(patch).toMatchObject({ data: { contactPhone: '13912345678' }, statusCode: 200 });
    app.assertNoErrors();
    app.kill();

    const organizer = await srv.login('demo-organizer', 'organizer');
    const inv = await srv.api(
      'POST',
      '/invitations',
      {
        fromOrganizationId: organizer.user.organizationId,
        toOrganizationId: orgId,
        scope: 'new_employment',
        topics: [{ code: 'commission_rate', title: '抽成比例' }],
        body: '请在期限内书面答复。',
        representativesPerSide: 5,
        chiefRepresentative: '王建国',
      },
      organizer.token,
    );
    expect(inv.status).toBe(201);
    for (let i = 0; i < 100; i++) {
      const r = await srv.api('GET', `/invitations/${inv.body.id}`, undefined, organizer.token);
      if (r.body.smsNotice?.state === 'sent') break;
      await new Promise((done) => setTimeout(done, 50));
    }
    app = await openApp({ server: srv.url, openid: 'demo-organizer', path: `${INVITATION_PAGE}?id=${inv.body.id}` });
    await app.see('#inv-sms-text');
    expect(app.text()).toContain('已短信通知 139****5678');
    app.assertNoErrors();
  });
});
