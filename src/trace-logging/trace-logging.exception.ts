import { HttpStatus } from '@nestjs/common';
import { errorCatalogue } from '../common/hub-error';

/** What reading an instance's trace can be refused for. */
export enum TraceLoggingErrorCode {
  INVALID_NEXT_PAGE = 'INVALID_NEXT_PAGE',
}

export class TraceLoggingException extends errorCatalogue<TraceLoggingErrorCode>({
  [TraceLoggingErrorCode.INVALID_NEXT_PAGE]: HttpStatus.BAD_REQUEST,
}) {}
