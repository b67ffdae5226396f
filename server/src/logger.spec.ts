// The root logger's options as the server uses them: no phone number reaches a log line in clear.
import { Writable } from 'node:stream';
import pino from 'pino';
import { loggerOptions, maskPhonesInText } from './common/logger-options.js';
import { loadConfig } from './config/config.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const { level: _level, ...options } = loggerOptions(loadConfig({ LOG_LEVEL: 'info', DATA_DIR: '/tmp/xst-logger-spec' }));
  return { log: pino({ ...options, level: 'info' }, stream), text: () => lines.join('') };
}

describe('phone numbers in the log', () => {
  it('masks a number in a message, in the object logged with it and in an error, in every form it is typed', () => {
    const { log, text } = capture();
    log.warn('SMS to 13812345678 refused');
    log.warn({ note: 'call +86 139 0000 2222? no: +8613900002222', nested: { list: ['008613700003333'] } }, 'context');
    log.error({ err: new Error('InvalidParameterValue.IncorrectPhoneNumber: +8615800004444') }, 'provider refused');
    log.info({ contactPhone: '13600005555' }, 'organization updated');
    const out = text();
    for (const phone of ['13812345678', '13900002222', '13700003333', '15800004444', '13600005555']) expect(out).not.toContain(phone);
    expect(out).toContain('138****5678');
    expect(out).toContain('139****2222');
    expect(out).toContain('158****4444');
    expect(out).toContain('IncorrectPhoneNumber');
  });

  it('leaves other numbers alone: ids, timestamps, counts', () => {
    expect(maskPhonesInText('invitation 0b7c9e2a-1381-4234-9678-13812345678a at 1764000002150 took 13 ms')).toBe(
      'invitation 0b7c9e2a-1381-4234-9678-13812345678a at 1764000002150 took 13 ms',
    );
    expect(maskPhonesInText('联系手机13812345678，备用 15900001111')).toBe('联系手机138****5678，备用 159****1111');
  });
});
