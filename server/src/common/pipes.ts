import { Injectable, type PipeTransform } from '@nestjs/common';
import { invalid } from './errors.js';
import { UUID_RE } from './ids.js';

/** Path ids are UUIDs; anything else is refused before any lookup. */
@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !UUID_RE.test(value)) throw invalid('id', '编号 id 格式不正确');
    return value.toLowerCase();
  }
}
