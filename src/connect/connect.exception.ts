import { HttpStatus } from '@nestjs/common';
import { errorCatalogue } from '../common/hub-error';

/** What connect sessions refuse (an unknown session id is common's NOT_FOUND). */
export enum ConnectErrorCode {
  /** No Webex integration to connect with: neither the configuration nor the hub names one. */
  CONNECT_CLIENT_MISSING = 'CONNECT_CLIENT_MISSING',
  /** The instance to re-authorize has no OAuth integration (it was added from a token). */
  CONNECT_NOT_REAUTHORIZABLE = 'CONNECT_NOT_REAUTHORIZABLE',
  /** Redeemed already, or not connected (yet): the session has no instance to hand out. */
  CONNECT_NOT_REDEEMABLE = 'CONNECT_NOT_REDEEMABLE',
}

export class ConnectException extends errorCatalogue<ConnectErrorCode>({
  [ConnectErrorCode.CONNECT_CLIENT_MISSING]: HttpStatus.BAD_REQUEST,
  [ConnectErrorCode.CONNECT_NOT_REAUTHORIZABLE]: HttpStatus.BAD_REQUEST,
  [ConnectErrorCode.CONNECT_NOT_REDEEMABLE]: HttpStatus.CONFLICT,
}) {}
