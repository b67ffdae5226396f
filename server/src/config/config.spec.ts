import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, SECRET_SETTINGS } from './config.js';

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'xst-config-'));

const s3 = {
  ATTACHMENT_STORE: 's3',
  S3_ENDPOINT: 'https://cos.ap-chengdu.myqcloud.com',
  S3_REGION: 'ap-chengdu',
  S3_BUCKET: 'xst-attachments-1250000000',
  S3_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  S3_SECRET_ACCESS_KEY: 'example-secret',
};

const sms = {
  SMS_ENABLED: '1',
  SMS_SECRET_ID: 'AKIDexample',
  SMS_SECRET_KEY: 'example-sms-key',
  SMS_SDK_APP_ID: '1400006666',
  SMS_SIGN_NAME: '协商通',
  SMS_TEMPLATE_ID: '449739',
};

describe('configuration', () => {
  it('starts the embedded default with nothing set, keeping generated secrets in the data folder', () => {
    const cwd = dir();
    const a = loadConfig({}, cwd);
    expect(a.databaseUrl).toBeNull();
    expect(a.sqlitePath).toBe(path.join(cwd, 'data', 'xieshangtong.sqlite'));
    expect(a.jwtSecret).toHaveLength(64);
    expect(loadConfig({}, cwd).jwtSecret).toBe(a.jwtSecret);
    expect(a.replyDays).toBe(20);
    expect(a.resultsStep).toBe(5);
    expect(loadConfig({ RESULTS_STEP: '3' }, cwd).resultsStep).toBe(3);
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
    // fewer than 3 ballots per step would let two voters read each other's choices
    [{ RESULTS_STEP: '2' }, /RESULTS_STEP must be between 3 and 1000 \(got 2\)/],
    [{ WECHAT_TEMPLATE_IDS: '{nope' }, /WECHAT_TEMPLATE_IDS must be a JSON object/],
    [{ ATTACHMENT_STORE: 'ftp' }, /ATTACHMENT_STORE must be disk or s3/],
    [
      { ATTACHMENT_STORE: 's3' },
      /^ATTACHMENT_STORE=s3 requires S3_ENDPOINT, S3_REGION, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY$/,
    ],
    [{ ...s3, S3_SECRET_ACCESS_KEY: '' }, /^ATTACHMENT_STORE=s3 requires S3_SECRET_ACCESS_KEY$/],
    [{ ...s3, S3_REGION: undefined, S3_BUCKET: undefined }, /^ATTACHMENT_STORE=s3 requires S3_REGION, S3_BUCKET$/],
    [{ ...s3, S3_ENDPOINT: 'minio.internal:9000' }, /S3_ENDPOINT (is not a valid URL|must start with http:\/\/ or https:\/\/)/],
    [{ ...s3, S3_ENDPOINT: 'ftp://minio.internal' }, /S3_ENDPOINT must start with http:\/\/ or https:\/\//],
    [{ ...s3, S3_BUCKET: 'My_Bucket' }, /S3_BUCKET must be 3 to 63 lowercase letters/],
    [{ ...s3, S3_FORCE_PATH_STYLE: 'yes' }, /S3_FORCE_PATH_STYLE must be 0 or 1/],
    [{ TRUST_PROXY: 'yes' }, /^TRUST_PROXY must be a hop count or a comma list of addresses and CIDR ranges \(got "yes"\)$/],
    [
      { TRUST_PROXY: '10.0.0.0/33' },
      /^TRUST_PROXY must be a hop count or a comma list of addresses and CIDR ranges \(got "10.0.0.0\/33"\)$/,
    ],
    [{ TRUST_PROXY: '10.0.0.1,,10.0.0.2' }, /TRUST_PROXY must be a hop count/],
    [{ TRUST_PROXY: '-1' }, /TRUST_PROXY must be a hop count/],
    [{ TRUST_PROXY: '300.1.1.1' }, /TRUST_PROXY must be a hop count/],
    [{ SMS_ENABLED: 'yes' }, /^SMS_ENABLED must be 0 or 1/],
    [{ SMS_ENABLED: '1' }, /^SMS_ENABLED=1 requires SMS_SECRET_ID, SMS_SECRET_KEY, SMS_SDK_APP_ID, SMS_SIGN_NAME, SMS_TEMPLATE_ID$/],
    [{ ...sms, SMS_SECRET_KEY: ' ' }, /^SMS_ENABLED=1 requires SMS_SECRET_KEY$/],
    [{ ...sms, SMS_TEMPLATE_ID: undefined }, /^SMS_ENABLED=1 requires SMS_TEMPLATE_ID$/],
    [{ ...sms, SMS_SDK_APP_ID: 'app-1' }, /^SMS_SDK_APP_ID must be the application's digits/],
    [{ ...sms, SMS_TEMPLATE_ID: 'T-1' }, /^SMS_TEMPLATE_ID must be the template's digits/],
    [{ ...sms, SMS_ENDPOINT: 'ftp://sms.example.com' }, /^SMS_ENDPOINT must use https:\/\//],
    [{ ...sms, SMS_ENDPOINT: 'https://sms.example.com/v2' }, /^SMS_ENDPOINT must be a host without a path/],
    [{ ...sms, SMS_REGION: 'Guangzhou' }, /^SMS_REGION must be a region like ap-guangzhou/],
    [{ ...sms, SMS_PARAM_MAX_LENGTH: '1' }, /^SMS_PARAM_MAX_LENGTH must be between 2 and 35/],
    [{ HOLIDAYS_FILE: '/nonexistent/holidays.json' }, /^HOLIDAYS_FILE cannot be read \(\/nonexistent\/holidays.json\)$/],
  ])('stops with one line naming the bad setting: %j', (env, message) => {
    expect(() => loadConfig(env as Record<string, string>, dir())).toThrow(ConfigError);
    expect(() => loadConfig(env as Record<string, string>, dir())).toThrow(message);
  });

  it('trusts only loopback proxies by default, and a hop count or addresses and ranges when told', () => {
    expect(loadConfig({}, dir()).trustProxy).toEqual({ addresses: ['loopback'] });
    expect(loadConfig({ TRUST_PROXY: '2' }, dir()).trustProxy).toEqual({ hops: 2 });
    expect(loadConfig({ TRUST_PROXY: '0' }, dir()).trustProxy).toEqual({ hops: 0 });
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.0/8, 192.168.1.7 ,fd00::/8,loopback' }, dir()).trustProxy).toEqual({
      addresses: ['10.0.0.0/8', '192.168.1.7', 'fd00::/8', 'loopback'],
    });
  });

  it('keeps attachments on disk by default and in the configured S3-compatible bucket when asked, path-style unless told', () => {
    const cwd = dir();
    expect(loadConfig({}, cwd)).toMatchObject({ attachmentStore: 'disk', s3: null, uploadDir: path.join(cwd, 'data', 'uploads') });
    expect(loadConfig(s3, cwd)).toMatchObject({
      attachmentStore: 's3',
      s3: {
        endpoint: s3.S3_ENDPOINT,
        region: 'ap-chengdu',
        bucket: s3.S3_BUCKET,
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'example-secret',
        forcePathStyle: true,
      },
    });
    expect(loadConfig({ ...s3, S3_FORCE_PATH_STYLE: '0' }, cwd).s3!.forcePathStyle).toBe(false);
    expect(SECRET_SETTINGS).toContain('S3_SECRET_ACCESS_KEY');
  });

  it('sends no SMS unless SMS_ENABLED=1, and then through Tencent Cloud over https unless told otherwise', () => {
    expect(loadConfig({}, dir()).sms).toBeNull();
    // Credentials alone do not switch it on.
    expect(loadConfig({ ...sms, SMS_ENABLED: '0' }, dir()).sms).toBeNull();
    expect(loadConfig({ ...sms, SMS_SIGN_NAME: '【协商通】' }, dir()).sms).toEqual({
      secretId: 'AKIDexample',
      secretKey: 'example-sms-key',
      sdkAppId: '1400006666',
      signName: '协商通',
      templateId: '449739',
      region: 'ap-guangzhou',
      endpoint: 'sms.tencentcloudapi.com',
      protocol: 'https://',
      timeoutSeconds: 10,
      paramMaxLength: 6,
    });
    expect(loadConfig({ ...sms, SMS_ENDPOINT: 'http://127.0.0.1:9100' }, dir()).sms).toMatchObject({
      endpoint: '127.0.0.1:9100',
      protocol: 'http://',
    });
    const production = {
      NODE_ENV: 'production',
      WECHAT_APPID: 'wx1',
      WECHAT_SECRET: 's',
      JWT_SECRET: 'j'.repeat(32),
      BALLOT_SECRET: 'b'.repeat(32),
    };
    expect(() => loadConfig({ ...production, ...sms, SMS_ENDPOINT: 'http://127.0.0.1:9100' }, dir())).toThrow(
      /^SMS_ENDPOINT must use https:\/\/ when NODE_ENV=production$/,
    );
    expect(SECRET_SETTINGS).toContain('SMS_SECRET_KEY');
  });

  it('takes the reply period from the deployment (some provinces use 15 days)', () => {
    expect(loadConfig({ REPLY_DAYS: '15' }, dir()).replyDays).toBe(15);
  });
});

describe('HOLIDAYS_FILE', () => {
  it('is read and checked at start: a good file is in force, a bad one stops with one line naming the entry', () => {
    const cwd = dir();
    writeFileSync(path.join(cwd, 'good.json'), JSON.stringify({ holidays: { '2099-01-01': "New Year's Day,元旦,1" } }));
    writeFileSync(path.join(cwd, 'bad.json'), JSON.stringify({ holidays: { '2099-01-01': 'x' }, workdays: { '2099-01-07': 'x' } }));
    expect(loadConfig({}, cwd).holidays).toBeNull();
    expect(loadConfig({ HOLIDAYS_FILE: 'good.json' }, cwd).holidays?.years).toEqual([2099]);
    expect(() => loadConfig({ HOLIDAYS_FILE: 'bad.json' }, cwd)).toThrow(
      /^HOLIDAYS_FILE: 2099-01-07 in workdays is not a Saturday or Sunday/,
    );
  });
});
