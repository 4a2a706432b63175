import { HttpStatus } from '@nestjs/common';
import { errorCatalogue } from '../common/hub-error';

/**
 * What a message with files, or a file read, can be refused for by the hub itself; Webex's own
 * refusals keep WEBEX_ERROR. ELEMENT_TOKEN_REQUIRED and INVALID_QUERY mean what they mean on any hub call.
 */
export enum FilesErrorCode {
  FILE_TOO_LARGE = 'FILE_TOO_LARGE',
  TOO_MANY_FILES = 'TOO_MANY_FILES',
  FORM_TOO_LARGE = 'FORM_TOO_LARGE',
  INVALID_MULTIPART = 'INVALID_MULTIPART',
  UNEXPECTED_FILE_FIELD = 'UNEXPECTED_FILE_FIELD',
  INVALID_QUERY = 'INVALID_QUERY',
  ELEMENT_TOKEN_REQUIRED = 'ELEMENT_TOKEN_REQUIRED',
}

export class FilesException extends errorCatalogue<FilesErrorCode>({
  [FilesErrorCode.FILE_TOO_LARGE]: HttpStatus.PAYLOAD_TOO_LARGE,
  [FilesErrorCode.TOO_MANY_FILES]: HttpStatus.PAYLOAD_TOO_LARGE,
  [FilesErrorCode.FORM_TOO_LARGE]: HttpStatus.PAYLOAD_TOO_LARGE,
  [FilesErrorCode.INVALID_MULTIPART]: HttpStatus.BAD_REQUEST,
  [FilesErrorCode.UNEXPECTED_FILE_FIELD]: HttpStatus.BAD_REQUEST,
  [FilesErrorCode.INVALID_QUERY]: HttpStatus.BAD_REQUEST,
  [FilesErrorCode.ELEMENT_TOKEN_REQUIRED]: HttpStatus.UNAUTHORIZED,
}) {}
