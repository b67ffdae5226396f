// One validated configuration, read once from the environment. A bad setting stops the server with one line naming it.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { CalendarError, type CalendarSupplement, parseCalendarSupplement } from '../common/legal-clock.js';

export class ConfigError extends Error {}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** mysql://… selects MySQL/MariaDB; otherwise the embedded SQLite file. */
  databaseUrl: string | null;
  sqlitePath: string;
  dataDir: string;
  jwtSecret: string;
  /** Key of the HMAC that turns a worker id into the pseudonym ballots are stored under. */
  ballotSecret: string;
  tokenTtlSeconds: number;
  /** k: results advance in steps of at least this many ballots and stay hidden below it (RESULTS_STEP, ≥ 3). */
  resultsStep: number;
  wechat: {
    apiBase: string;
    appId: string;
    secret: string;
    timeoutMs: number;
    templateIds: Record<string, string>;
    /** The version a 小程序码 opens (WECHAT_CODE_ENV): release, or trial/develop before the pages are released. */
    codeEnvVersion: 'release' | 'trial' | 'develop';
    /**
     * What one person is, for one ballot per person (WECHAT_IDENTITY): the openid (one mini-program), or the unionid
     * (several apps bound to one WeChat Open Platform account; sign-in then needs WeChat to return it).
     */
    identity: 'openid' | 'unionid';
  };
  /** A font with Chinese glyphs for the printed poster (POSTER_FONT: a .ttf/.otf file, or `file.ttc#PostScriptName`). */
  posterFont: { file: string; name?: string } | null;
  devLogin: boolean;
  demoSeed: boolean;
  replyDays: number;
  h5Dir: string | null;
  bodyLimit: string;
  logLevel: string;
  redisUrl: string | null;
  uploadDir: string;
  uploadMaxBytes: number;
  /** Where attachment bytes live: files under uploadDir (the default), or an S3-compatible object store. */
  attachmentStore: 'disk' | 's3';
  /** Set when attachmentStore is 's3'. */
  s3: S3Settings | null;
  /** SMS notices of invitations through Tencent Cloud SMS (SMS_ENABLED=1); null when off, the default. */
  sms: SmsSettings | null;
  /** Requests per minute: per account, per address, sign-in attempts per address, ballots per account. */
  rateLimit: { perMinute: number; perAddressPerMinute: number; signInPerMinute: number; ballotPerMinute: number; keyPrefix: string };
  sweepIntervalSeconds: number;
  /** Holidays and 调休 of years the chinese-days package does not hold yet (HOLIDAYS_FILE), or null. */
  holidays: CalendarSupplement | null;
  /**
   * The workers' petition (a local rule): the share of the roll, in percent, whose co-signers oblige the union to send
   * an invitation; the days it then has to send it; the step in which co-signers are published (never below 3).
   */
  petition: { sharePercent: number; inviteDays: number; step: number };
  /**
   * The workers' congress decision rule, as fractions of the electorate: attendance at least `quorum`, approvals more
   * than `approval` (《集体合同规定》 art. 36: 2/3 and 1/2); an industry or regional draft has its own rule.
   */
  congress: { general: CongressRuleSetting; industryRegional: CongressRuleSetting };
  /** LibreOffice's soffice, which prints the congress resolution to PDF. */
  sofficePath: string;
  /**
   * Which peers may say who the client is (X-Forwarded-For): the first `hops` proxies in front of the server, or the
   * peers in `addresses` (addresses, CIDR ranges, or loopback / linklocal / uniquelocal). The client is the nearest
   * address that is not a trusted proxy; it keys the per-address rate limits.
   */
  trustProxy: { hops: number } | { addresses: string[] };
}

/** A fraction n/d of the electorate. */
export interface Fraction {
  numerator: number;
  denominator: number;
}

export interface CongressRuleSetting {
  quorum: Fraction;
  approval: Fraction;
}

/** An S3-compatible object store: AWS S3, MinIO, Tencent COS, Aliyun OSS (S3 mode). */
export interface S3Settings {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Bucket in the path (`/<bucket>/<key>`, MinIO and most self-hosted stores) rather than in the host name. */
  forcePathStyle: boolean;
}

/** Tencent Cloud SMS (API 2021-01-11, SendSms) with one approved signature and one template. */
export interface SmsSettings {
  secretId: string;
  secretKey: string;
  /** The SMS application's SdkAppId (1400…). */
  sdkAppId: string;
  /** The approved signature (签名), without 【】. */
  signName: string;
  /** The approved template: {1} the inviting union, {2} the days to answer. */
  templateId: string;
  region: string;
  /** Host (and port) of the API; the SDK signs for the service named by its first label. */
  endpoint: string;
  protocol: 'https://' | 'http://';
  timeoutSeconds: number;
  /** The longest value a template variable may hold (Tencent Cloud: 6 characters unless the template allows more). */
  paramMaxLength: number;
}

/** Names of settings that must never reach a log. */
export const SECRET_SETTINGS = [
  'JWT_SECRET',
  'BALLOT_SECRET',
  'WECHAT_SECRET',
  'DATABASE_URL',
  'S3_SECRET_ACCESS_KEY',
  'SMS_SECRET_KEY',
] as const;

type Env = Record<string, string | undefined>;

const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY: a hop count, or a comma list of addresses, CIDR ranges and range names; loopback only when unset. */
function trustProxy(env: Env): AppConfig['trustProxy'] {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw) return { addresses: ['loopback'] };
  if (/^\d{1,2}$/.test(raw)) return { hops: Number(raw) };
  const entries = raw.split(',').map((e) => e.trim());
  const valid = (e: string) => {
    if (PROXY_RANGE_NAMES.includes(e)) return true;
    const [address, bits, extra] = e.split('/');
    const family = isIP(address);
    if (!family || extra !== undefined) return false;
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
  };
  if (!entries.every(valid)) {
    throw new ConfigError(`TRUST_PROXY must be a hop count or a comma list of addresses and CIDR ranges (got "${raw}")`);
  }
  return { addresses: entries };
}

function int(env: Env, name: string, dflt: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(`${name} must be an integer (got "${raw}")`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max} (got ${n})`);
  return n;
}

/** A fraction setting like 2/3, between 0 and 1. */
function fraction(env: Env, name: string, dflt: Fraction): Fraction {
  const raw = env[name]?.trim();
  if (!raw) return dflt;
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(raw);
  if (!m || Number(m[2]) === 0 || Number(m[1]) > Number(m[2])) {
    throw new ConfigError(`${name} must be a fraction n/d between 0 and 1, like 2/3 (got "${raw}")`);
  }
  return { numerator: Number(m[1]), denominator: Number(m[2]) };
}

function flag(env: Env, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw new ConfigError(`${name} must be 0 or 1 (got "${raw}")`);
}

function url(env: Env, name: string, dflt: string | null, protocols: string[]): string | null {
  const raw = env[name] || dflt;
  if (!raw) return null;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(u.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw.replace(/\/+$/, '');
}

function s3Settings(env: Env): S3Settings | null {
  const store = env.ATTACHMENT_STORE || 'disk';
  if (store !== 'disk' && store !== 's3') throw new ConfigError(`ATTACHMENT_STORE must be disk or s3 (got "${store}")`);
  if (store === 'disk') return null;
  const required = ['S3_ENDPOINT', 'S3_REGION', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'];
  const missing = required.filter((name) => !env[name]);
  if (missing.length) throw new ConfigError(`ATTACHMENT_STORE=s3 requires ${missing.join(', ')}`);
  const bucket = env.S3_BUCKET!;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError(`S3_BUCKET must be 3 to 63 lowercase letters, digits, dots or hyphens (got "${bucket}")`);
  }
  return {
    endpoint: url(env, 'S3_ENDPOINT', null, ['http:', 'https:'])!,
    region: env.S3_REGION!,
    bucket,
    accessKeyId: env.S3_ACCESS_KEY_ID!,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: env.S3_FORCE_PATH_STYLE === undefined || env.S3_FORCE_PATH_STYLE === '' ? true : flag(env, 'S3_FORCE_PATH_STYLE'),
  };
}

/** SMS_ENDPOINT: a host (https) or an http(s) URL of one; plain http only outside production (tests point it at loopback). */
function smsEndpoint(env: Env, production: boolean): Pick<SmsSettings, 'endpoint' | 'protocol'> {
  const raw = env.SMS_ENDPOINT?.trim() || 'sms.tencentcloudapi.com';
  const withScheme = /^[a-z]+:\/\//i.test(raw) ? raw : `https://${raw}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw new ConfigError(`SMS_ENDPOINT must be a host name or an http(s) URL (got "${raw}")`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new ConfigError(`SMS_ENDPOINT must use https:// (got "${raw}")`);
  if (u.pathname !== '/' || u.search) throw new ConfigError(`SMS_ENDPOINT must be a host without a path (got "${raw}")`);
  if (u.protocol === 'http:' && production) throw new ConfigError('SMS_ENDPOINT must use https:// when NODE_ENV=production');
  return { endpoint: u.host, protocol: u.protocol === 'http:' ? 'http://' : 'https://' };
}

function smsSettings(env: Env, production: boolean): SmsSettings | null {
  if (!flag(env, 'SMS_ENABLED')) return null;
  const required = ['SMS_SECRET_ID', 'SMS_SECRET_KEY', 'SMS_SDK_APP_ID', 'SMS_SIGN_NAME', 'SMS_TEMPLATE_ID'];
  const missing = required.filter((name) => !env[name]?.trim());
  if (missing.length) throw new ConfigError(`SMS_ENABLED=1 requires ${missing.join(', ')}`);
  const sdkAppId = env.SMS_SDK_APP_ID!.trim();
  if (!/^\d{6,12}$/.test(sdkAppId))
    throw new ConfigError(`SMS_SDK_APP_ID must be the application's digits, like 1400006666 (got "${sdkAppId}")`);
  const templateId = env.SMS_TEMPLATE_ID!.trim();
  if (!/^\d{1,12}$/.test(templateId))
    throw new ConfigError(`SMS_TEMPLATE_ID must be the template's digits, like 449739 (got "${templateId}")`);
  const signName = env.SMS_SIGN_NAME!.trim().replace(/^【|】$/g, '');
  if (signName.length < 2 || signName.length > 20)
    throw new ConfigError('SMS_SIGN_NAME must be the approved signature, 2 to 20 characters');
  const region = env.SMS_REGION?.trim() || 'ap-guangzhou';
  if (!/^[a-z]{2}-[a-z]+$/.test(region)) throw new ConfigError(`SMS_REGION must be a region like ap-guangzhou (got "${region}")`);
  return {
    secretId: env.SMS_SECRET_ID!.trim(),
    secretKey: env.SMS_SECRET_KEY!.trim(),
    sdkAppId,
    signName,
    templateId,
    region,
    ...smsEndpoint(env, production),
    timeoutSeconds: int(env, 'SMS_TIMEOUT_SECONDS', 10, 1, 60),
    paramMaxLength: int(env, 'SMS_PARAM_MAX_LENGTH', 6, 2, 35),
  };
}

/**
 * Secrets for the embedded default: when not configured outside production, they are generated once and kept in
 * the data folder so that tokens and ballot pseudonyms survive a restart.
 */
function localSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, 'secrets.json');
  let secrets: Record<string, string> = {};
  if (existsSync(file)) secrets = JSON.parse(readFileSync(file, 'utf8'));
  if (!secrets[name]) {
    secrets[name] = randomBytes(32).toString('hex');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets[name];
}

function wechatIdentity(env: Env): 'openid' | 'unionid' {
  const raw = env.WECHAT_IDENTITY || 'openid';
  if (raw !== 'openid' && raw !== 'unionid') throw new ConfigError(`WECHAT_IDENTITY must be openid or unionid (got "${raw}")`);
  return raw;
}

function secret(env: Env, name: string, production: boolean, dataDir: string): string {
  const raw = env[name];
  if (raw) {
    if (raw.length < 32) throw new ConfigError(`${name} must be at least 32 characters`);
    return raw;
  }
  if (production) throw new ConfigError(`${name} is required when NODE_ENV=production`);
  return localSecret(dataDir, name);
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const nodeEnv = env.NODE_ENV || 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    throw new ConfigError(`NODE_ENV must be development, production or test (got "${nodeEnv}")`);
  }
  const production = nodeEnv === 'production';
  const devLogin = flag(env, 'AUTH_DEV_LOGIN');
  if (production && devLogin) {
    throw new ConfigError('AUTH_DEV_LOGIN=1 is refused when NODE_ENV=production: dev sign-in would let anyone act as anyone');
  }
  const dataDir = path.resolve(cwd, env.DATA_DIR || 'data');
  const databaseUrl = url(env, 'DATABASE_URL', null, ['mysql:']);
  const wechatSecret = env.WECHAT_SECRET || '';
  const wechatAppId = env.WECHAT_APPID || '';
  if (production && (!wechatSecret || !wechatAppId)) {
    throw new ConfigError('WECHAT_APPID and WECHAT_SECRET are required when NODE_ENV=production');
  }
  let templateIds: Record<string, string> = {};
  if (env.WECHAT_TEMPLATE_IDS) {
    try {
      templateIds = JSON.parse(env.WECHAT_TEMPLATE_IDS);
    } catch {
      throw new ConfigError('WECHAT_TEMPLATE_IDS must be a JSON object of subscribe-message kind to template id');
    }
  }
  const h5Dir = env.H5_DIR === '' ? null : path.resolve(cwd, env.H5_DIR || path.join('miniapp', 'dist', 'h5'));
  const bodyLimit = env.BODY_LIMIT || '256kb';
  if (!/^\d+(kb|mb)$/i.test(bodyLimit)) throw new ConfigError(`BODY_LIMIT must look like 256kb or 1mb (got "${bodyLimit}")`);
  const s3 = s3Settings(env);
  const logLevel = env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${logLevel}")`);
  }
  return {
    env: nodeEnv as AppConfig['env'],
    host: env.HOST || '127.0.0.1',
    port: int(env, 'PORT', 3000, 0, 65535),
    databaseUrl,
    sqlitePath: path.resolve(cwd, env.SQLITE_PATH || path.join(dataDir, 'xieshangtong.sqlite')),
    dataDir,
    jwtSecret: secret(env, 'JWT_SECRET', production, dataDir),
    ballotSecret: secret(env, 'BALLOT_SECRET', production, dataDir),
    tokenTtlSeconds: int(env, 'TOKEN_TTL_SECONDS', 7 * 24 * 3600, 60, 90 * 24 * 3600),
    resultsStep: int(env, 'RESULTS_STEP', 5, 3, 1000),
    wechat: {
      apiBase: url(env, 'WECHAT_API_BASE', 'https://api.weixin.qq.com', ['http:', 'https:'])!,
      appId: wechatAppId,
      secret: wechatSecret,
      timeoutMs: int(env, 'WECHAT_TIMEOUT_MS', 5000, 100, 60000),
      templateIds,
      codeEnvVersion: oneOf(env, 'WECHAT_CODE_ENV', ['release', 'trial', 'develop'] as const, 'release'),
      identity: wechatIdentity(env),
    },
    posterFont: posterFont(env),
    devLogin,
    demoSeed: flag(env, 'DEMO_SEED'),
    replyDays: int(env, 'REPLY_DAYS', 20, 1, 90),
    h5Dir,
    bodyLimit,
    logLevel,
    redisUrl: url(env, 'REDIS_URL', null, ['redis:', 'rediss:']),
    uploadDir: path.resolve(cwd, env.UPLOAD_DIR || path.join(dataDir, 'uploads')),
    uploadMaxBytes: int(env, 'UPLOAD_MAX_BYTES', 8 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    attachmentStore: s3 ? 's3' : 'disk',
    s3,
    sms: smsSettings(env, production),
    rateLimit: {
      perMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 300, 1, 10_000_000),
      perAddressPerMinute: int(env, 'RATE_LIMIT_PER_ADDRESS_PER_MINUTE', 3000, 1, 10_000_000),
      signInPerMinute: int(env, 'RATE_LIMIT_SIGN_IN_PER_MINUTE', 20, 1, 10_000_000),
      ballotPerMinute: int(env, 'RATE_LIMIT_BALLOT_PER_MINUTE', 30, 1, 10_000_000),
      keyPrefix: env.RATE_LIMIT_KEY_PREFIX || 'xst',
    },
    sweepIntervalSeconds: int(env, 'SWEEP_INTERVAL_SECONDS', 300, 0, 86400),
    petition: {
      sharePercent: int(env, 'PETITION_SHARE_PERCENT', 20, 1, 100),
      inviteDays: int(env, 'PETITION_INVITE_DAYS', 20, 1, 90),
      step: int(env, 'PETITION_STEP', 5, 3, 100),
    },
    sofficePath: env.SOFFICE_PATH || 'soffice',
    congress: {
      general: {
        quorum: fraction(env, 'CONGRESS_QUORUM', { numerator: 2, denominator: 3 }),
        approval: fraction(env, 'CONGRESS_APPROVAL', { numerator: 1, denominator: 2 }),
      },
      // An industry or regional draft: more than half of the representatives, or of all workers, it covers.
      industryRegional: {
        quorum: fraction(env, 'CONGRESS_REGIONAL_QUORUM', { numerator: 0, denominator: 1 }),
        approval: fraction(env, 'CONGRESS_REGIONAL_APPROVAL', { numerator: 1, denominator: 2 }),
      },
    },
    trustProxy: trustProxy(env),
    holidays: holidaysFile(env, cwd),
  };
}

function holidaysFile(env: Env, cwd: string): CalendarSupplement | null {
  if (!env.HOLIDAYS_FILE) return null;
  const file = path.resolve(cwd, env.HOLIDAYS_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`HOLIDAYS_FILE cannot be read (${file})`);
  }
  try {
    return parseCalendarSupplement(text, 'HOLIDAYS_FILE');
  } catch (err) {
    if (err instanceof CalendarError) throw new ConfigError(err.message);
    throw err;
  }
}

export const APP_CONFIG = Symbol('APP_CONFIG');

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  if (!(values as readonly string[]).includes(v)) throw new ConfigError(`${name} must be one of ${values.join(', ')} (got "${v}")`);
  return v as T;
}

/** Fonts with Chinese glyphs where Debian, Ubuntu and Alpine put them. */
const CJK_FONTS = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc#WenQuanYiMicroHei',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc#WenQuanYiZenHei',
];

function posterFont(env: Env): AppConfig['posterFont'] {
  const parse = (v: string) => {
    const [file, name] = v.split('#');
    return { file, ...(name ? { name } : {}) };
  };
  if (env.POSTER_FONT) {
    const font = parse(env.POSTER_FONT);
    if (!existsSync(font.file)) throw new ConfigError(`POSTER_FONT: no font file at "${font.file}"`);
    if (/\.ttc$/i.test(font.file) && !font.name)
      throw new ConfigError("POSTER_FONT: a .ttc collection needs the font's name: file.ttc#PostScriptName");
    return font;
  }
  const found = CJK_FONTS.map(parse).find((f) => existsSync(f.file));
  return found ?? null;
}
