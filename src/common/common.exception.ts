import { HttpStatus } from '@nestjs/common';
import { errorCatalogue, notFoundMessage } from './hub-error';

/**
 * Errors of the platform itself: what any request can get, whatever route it reaches. Those Nest
 * also raises by status alone (413, 414, 415) are named as the status is, so both paths give one code.
 */
export enum CommonErrorCode {
  /** Nothing of that id (that the caller may see): one code for every feature's "not found". */
  NOT_FOUND = 'NOT_FOUND',
  INVALID_ID = 'INVALID_ID',
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  BODY_TOO_DEEP = 'BODY_TOO_DEEP',
  UNSTORABLE_TEXT = 'UNSTORABLE_TEXT',
  INVALID_JSON = 'INVALID_JSON',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  INVALID_CONTENT_LENGTH = 'INVALID_CONTENT_LENGTH',
  INVALID_URL = 'INVALID_URL',
  URI_TOO_LONG = 'URI_TOO_LONG',
  NOT_READY = 'NOT_READY',
  INTERNAL_ERROR = 'INTERNAL_ERROR',
}

export class CommonException extends errorCatalogue<CommonErrorCode>({
  [CommonErrorCode.NOT_FOUND]: HttpStatus.NOT_FOUND,
  [CommonErrorCode.INVALID_ID]: HttpStatus.BAD_REQUEST,
  [CommonErrorCode.VALIDATION_FAILED]: HttpStatus.BAD_REQUEST,
  [CommonErrorCode.BODY_TOO_DEEP]: HttpStatus.BAD_REQUEST,
  [CommonErrorCode.UNSTORABLE_TEXT]: HttpStatus.BAD_REQUEST,
  [CommonErrorCode.INVALID_JSON]: HttpStatus.BAD_REQUEST,
  [CommonErrorCode.PAYLOAD_TOO_LARGE]: HttpStatus.PAYLOAD_TOO_LARGE,
  [CommonErrorCode.UNSUPPORTED_MEDIA_TYPE]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [CommonErrorCode.INVALID_CONTENT_LENGTH]: HttpStatus.BAD_REQUEST,
  [CommonErrorCode.INVALID_URL]: HttpStatus.BAD_REQUEST,
  [CommonErrorCode.URI_TOO_LONG]: HttpStatus.URI_TOO_LONG,
  [CommonErrorCode.NOT_READY]: HttpStatus.SERVICE_UNAVAILABLE,
  [CommonErrorCode.INTERNAL_ERROR]: HttpStatus.INTERNAL_SERVER_ERROR,
}) {}

/** `Instance 42 not found` (404, NOT_FOUND). */
export function notFound(what: string, id?: string | number): CommonException {
  return new CommonException(CommonErrorCode.NOT_FOUND, notFoundMessage(what, id));
}
