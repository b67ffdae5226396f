// Request validation: class-validator DTOs, whitelisted, with a Chinese message per bad field.
import { applyDecorators, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from '@xst/shared-types';
import { Type } from 'class-transformer';
import { IsObject, NotEquals, ValidateIf, ValidateNested } from 'class-validator';
import { DomainError } from './errors.js';

// ---- how a DTO says what may be absent, what may be null, and what is nested ----
// class-validator's @IsOptional() lets null through as well as undefined, and a null then reaches a NOT NULL column
// (a 500) or blanks a required value. These are used instead in every request body.

/** May be left out; null is not a value here (refused with a message naming the field). */
export const Optional = () =>
  applyDecorators(
    ValidateIf((_, value) => value !== undefined),
    NotEquals(null),
  );

/** May be left out, or null to clear what is stored (the column is nullable); say `nullable: true` in its ApiProperty. */
export const Nullable = () => ValidateIf((_, value) => value !== undefined && value !== null);

/** Whole numbers of a query string: '12' is 12; anything else ('', ' ', '1.5', 'x') stays as it is, to be refused. */
export const queryInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);

/** A nested object of class `type` (or, with `each`, a list of them): each one an object, each one validated. */
export const Nested = (type: () => new () => object, options: { each?: boolean } = {}) =>
  applyDecorators(IsObject({ each: options.each }), ValidateNested({ each: options.each }), Type(type));

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
  isObject: () => '格式不正确，应为对象',
  notEquals: () => '不能为 null：不填写时请省略这个字段',
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

/**
 * Which broken constraint a field reports when it breaks several: what kind of value it must be comes before its
 * size or its format (a number sent as text hears 应为整数, not 不能大于 200).
 */
const FIRST = [
  'whitelistValidation',
  'notEquals',
  'isDefined',
  'isArray',
  'isObject',
  'nestedValidation',
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
];
const rank = (key: string) => (FIRST.includes(key) ? FIRST.indexOf(key) : FIRST.length);

/** "名称 name" out of a DTO's own message "名称 name 应为 2 到 100 个字": how the field is named to people. */
function labelOf(property: string, messages: string[]): string | null {
  const escaped = property.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const m of messages) {
    const found = CJK.test(m) ? m.match(new RegExp(`^(\\S*\\s?${escaped})(?![\\w])`)) : null;
    if (found) return found[1];
  }
  return null;
}

export function fieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = prefix ? (/^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : `${prefix}.${e.property}`) : e.property;
    const broken = Object.entries(e.constraints ?? {}).sort(([a], [b]) => rank(a) - rank(b));
    const [key, english] = broken[0] ?? [];
    if (key) {
      let message: string;
      if (key !== 'whitelistValidation' && (e.value === null || e.value === undefined)) {
        message = `${
          labelOf(
            e.property,
            broken.map(([, m]) => m),
          ) ?? field
        } 不能为空`;
      } else {
        message = CJK.test(english) ? english : `${field} ${(MESSAGES[key] ?? (() => '格式不正确'))(english)}`;
      }
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
    // Every constraint of a field is checked, and fieldErrors reports the one to fix first.
    stopAtFirstError: false,
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => {
      const fields = fieldErrors(errors);
      const message = fields.length ? fields.map((f) => f.message).join('；') : '请求内容格式不正确';
      return new DomainError(400, 'validation_failed', message, fields);
    },
  });
}
