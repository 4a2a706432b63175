import { HttpStatus } from '@nestjs/common';
import { errorCatalogue } from '../common/hub-error';

/** What creating, changing or authorizing an instance refuses (an unknown id is common's NOT_FOUND). */
export enum InstancesErrorCode {
  /** Required configuration missing, or a masked secret with nothing stored behind it. */
  INVALID_CONFIGURATION = 'INVALID_CONFIGURATION',
  /** A change the hub does not allow: an empty name, a hub-managed key, another element. */
  INSTANCE_CHANGE_REFUSED = 'INSTANCE_CHANGE_REFUSED',
  /** No instance id and no Element token to find one by. */
  INSTANCE_NOT_NAMED = 'INSTANCE_NOT_NAMED',
  /** A new instance names no element. */
  ELEMENT_KEY_REQUIRED = 'ELEMENT_KEY_REQUIRED',
  /** The OAuth callback's code is missing from providerData. */
  AUTHORIZATION_CODE_MISSING = 'AUTHORIZATION_CODE_MISSING',
  /** A nextPage that is not a token of this listing (altered, or of another search). */
  INVALID_NEXT_PAGE = 'INVALID_NEXT_PAGE',
}

export class InstancesException extends errorCatalogue<InstancesErrorCode>({
  [InstancesErrorCode.INVALID_CONFIGURATION]: HttpStatus.BAD_REQUEST,
  [InstancesErrorCode.INSTANCE_CHANGE_REFUSED]: HttpStatus.BAD_REQUEST,
  [InstancesErrorCode.INSTANCE_NOT_NAMED]: HttpStatus.BAD_REQUEST,
  [InstancesErrorCode.ELEMENT_KEY_REQUIRED]: HttpStatus.BAD_REQUEST,
  [InstancesErrorCode.AUTHORIZATION_CODE_MISSING]: HttpStatus.BAD_REQUEST,
  [InstancesErrorCode.INVALID_NEXT_PAGE]: HttpStatus.BAD_REQUEST,
}) {}
