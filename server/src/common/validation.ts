// Request validation: class-validator DTOs, whitelisted, with a Chinese message per bad field.
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from '@xst/shared-types';
import { DomainError } from './errors.js';

const CJK = /[\u4e00-\u9fff]/;

function num(message: string): string {
  return message.match(/-?\d+(\.\d+)?/)?.[0] ?? '';
}

/** Chinese sentences for class-validator's constraints, when the DTO gave none of its own. */
const MESSAGES: Record<string, (english: string) => string> = {
  whitelistValidation: () => '是不认识的字段，请去掉',
  isDefined: () => '不能为空',
  isNotEmpty: () => '不能为空',
  isString: () => '应为文字',
  isInt: () => '应为整数',
  isNumber: () => '应为数字',
  isBoolean: () => '应为 是/否',
  isArray: () => '应为列表',
  isObject: () => '格式不正确',
  nestedValidation: () => '格式不正确',
  isIn: () => '不是允许的选项',
  isEnum: () => '不是允许的选项',
  isUUID: () => '编号格式不正确',
  isISO8601: () => '日期时间格式不正确',
  isDateString: () => '日期时间格式不正确',
  matches: () => '格式不正确',
  min: (m) => `不能小于 ${num(m)}`,
  max: (m) => `不能大于 ${num(m)}`,
  minLength: (m) => `至少 ${num(m)} 个字`,
  maxLength: (m) => `不能超过 ${num(m)} 个字`,
  arrayMinSize: (m) => `至少要有 ${num(m)} 项`,
  arrayMaxSize: (m) => `最多 ${num(m)} 项`,
  arrayUnique: () => '不能有重复项',
  arrayNotEmpty: () => '至少要有 1 项',
};

export function fieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = prefix ? (/^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : `${prefix}.${e.property}`) : e.property;
    const constraints = e.constraints ?? {};
    // Report the first constraint broken: it is the one the user must fix first.
    const [key, english] = Object.entries(constraints)[0] ?? [];
    if (key) {
      const message = CJK.test(english) ? english : `${field} ${(MESSAGES[key] ?? (() => '格式不正确'))(english)}`;
      out.push({ field, message });
    }
    if (e.children?.length) out.push(...fieldErrors(e.children, field));
  }
  return out;
}

export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = fieldErrors(errors);
      const message = fields.length ? fields.map((f) => f.message).join('；') : '请求内容格式不正确';
      return new DomainError(400, 'validation_failed', message, fields);
    },
  });
}
