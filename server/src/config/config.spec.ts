import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './config.js';

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'xst-config-'));

describe('configuration', () => {
  it('starts the embedded default with nothing set, keeping generated secrets in the data folder', () => {
    const cwd = dir();
    const a = loadConfig({}, cwd);
    expect(a.databaseUrl).toBeNull();
    expect(a.sqlitePath).toBe(path.join(cwd, 'data', 'xieshangtong.sqlite'));
    expect(a.jwtSecret).toHaveLength(64);
    expect(loadConfig({}, cwd).jwtSecret).toBe(a.jwtSecret);
    expect(a.replyDays).toBe(20);
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be an integer/],
    [{ PORT: '70000' }, /PORT must be between/],
    [{ DATABASE_URL: 'postgres://x' }, /DATABASE_URL must start with mysql:/],
    [{ AUTH_DEV_LOGIN: 'yes' }, /AUTH_DEV_LOGIN must be 0 or 1/],
    [{ NODE_ENV: 'production', AUTH_DEV_LOGIN: '1' }, /AUTH_DEV_LOGIN=1 is refused when NODE_ENV=production/],
    [{ NODE_ENV: 'production', WECHAT_APPID: 'wx1', WECHAT_SECRET: 's' }, /JWT_SECRET is required/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET must be at least 32 characters/],
    [{ REPLY_DAYS: '0' }, /REPLY_DAYS must be between 1 and 90/],
    [{ WECHAT_TEMPLATE_IDS: '{nope' }, /WECHAT_TEMPLATE_IDS must be a JSON object/],
  ])('stops with one line naming the bad setting: %j', (env, message) => {
    expect(() => loadConfig(env as Record<string, string>, dir())).toThrow(ConfigError);
    expect(() => loadConfig(env as Record<string, string>, dir())).toThrow(message);
  });

  it('takes the reply period from the deployment (some provinces use 15 days)', () => {
    expect(loadConfig({ REPLY_DAYS: '15' }, dir()).replyDays).toBe(15);
  });
});
