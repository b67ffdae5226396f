import { openApp } from '../harness/miniapp.js';

it('opens', async () => {
  const app = await openApp({ server: process.env.XST_WEAPP_SERVER! });
  await new Promise((r) => setTimeout(r, 1500));
  console.log(app.route, app.text(), app.errors, app.calls.map((c) => c.api).join(','));
  console.log(app.html().slice(0, 3000));
  app.kill();
});
