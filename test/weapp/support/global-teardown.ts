// Stops what global-setup.ts started.
export default async function globalTeardown(): Promise<void> {
  const { wechat, sms, server, db } = (globalThis as any).__weapp ?? {};
  if (server) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  await db?.drop();
  await wechat?.stop();
  await sms?.stop();
}
