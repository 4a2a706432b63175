import { HttpStatus } from '@nestjs/common';
import { errorCatalogue } from '../common/hub-error';

/** What the element catalogue refuses (an unknown element or hub is common's NOT_FOUND). */
export enum ElementsErrorCode {
  /** `GET|POST /elements/{keyOrId}/oauth/url` without apiKey or callbackUrl. */
  OAUTH_URL_PARAMETERS_MISSING = 'OAUTH_URL_PARAMETERS_MISSING',
}

export class ElementsException extends errorCatalogue<ElementsErrorCode>({
  [ElementsErrorCode.OAUTH_URL_PARAMETERS_MISSING]: HttpStatus.BAD_REQUEST,
}) {}
