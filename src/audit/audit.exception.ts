import { HttpStatus } from '@nestjs/common';
import { errorCatalogue } from '../common/hub-error';

/** What reading the audit log can be refused for. */
export enum AuditErrorCode {
  INVALID_NEXT_PAGE = 'INVALID_NEXT_PAGE',
  INVALID_DATE_RANGE = 'INVALID_DATE_RANGE',
}

export class AuditException extends errorCatalogue<AuditErrorCode>({
  [AuditErrorCode.INVALID_NEXT_PAGE]: HttpStatus.BAD_REQUEST,
  [AuditErrorCode.INVALID_DATE_RANGE]: HttpStatus.BAD_REQUEST,
}) {}
