import { PipeTransform } from '@nestjs/common';
import { CommonErrorCode, CommonException } from './common.exception';

const MAX_ID = 2_147_483_647;

/** A numeric id path parameter: a positive integer that fits the database's integer ids. */
export class ParseIdPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    const text = String(value);
    const id = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
    if (!Number.isInteger(id) || id < 1 || id > MAX_ID) throw new CommonException(CommonErrorCode.INVALID_ID, `Invalid id ${JSON.stringify(text.slice(0, 40))}: expected a positive integer`);
    return id;
  }
}
