import { HttpStatus } from '@nestjs/common';
import { errorCatalogue } from '../common/hub-error';

/** What a hub call (`/hubs/{hub}/...`) can be refused for before Webex is asked. */
export enum HubsErrorCode {
  ELEMENT_TOKEN_REQUIRED = 'ELEMENT_TOKEN_REQUIRED',
  METHOD_NOT_ALLOWED = 'METHOD_NOT_ALLOWED',
  NO_HUB_RESOURCES = 'NO_HUB_RESOURCES',
  INVALID_QUERY = 'INVALID_QUERY',
  INVALID_WHERE = 'INVALID_WHERE',
  INVALID_ORDER_BY = 'INVALID_ORDER_BY',
  INVALID_FIELDS = 'INVALID_FIELDS',
  INVALID_PAGING = 'INVALID_PAGING',
  INVALID_NEXT_PAGE = 'INVALID_NEXT_PAGE',
  BODY_NOT_OBJECT = 'BODY_NOT_OBJECT',
}

export class HubsException extends errorCatalogue<HubsErrorCode>({
  [HubsErrorCode.ELEMENT_TOKEN_REQUIRED]: HttpStatus.UNAUTHORIZED,
  [HubsErrorCode.METHOD_NOT_ALLOWED]: HttpStatus.METHOD_NOT_ALLOWED,
  [HubsErrorCode.NO_HUB_RESOURCES]: HttpStatus.BAD_REQUEST,
  [HubsErrorCode.INVALID_QUERY]: HttpStatus.BAD_REQUEST,
  [HubsErrorCode.INVALID_WHERE]: HttpStatus.BAD_REQUEST,
  [HubsErrorCode.INVALID_ORDER_BY]: HttpStatus.BAD_REQUEST,
  [HubsErrorCode.INVALID_FIELDS]: HttpStatus.BAD_REQUEST,
  [HubsErrorCode.INVALID_PAGING]: HttpStatus.BAD_REQUEST,
  [HubsErrorCode.INVALID_NEXT_PAGE]: HttpStatus.BAD_REQUEST,
  [HubsErrorCode.BODY_NOT_OBJECT]: HttpStatus.BAD_REQUEST,
}) {}

/** A verb the resource does not offer: 405 with the Allow header. */
export function methodNotAllowed(method: string, path: string, allowed: string[]): HubsException {
  return new HubsException(HubsErrorCode.METHOD_NOT_ALLOWED, `${method} is not offered on ${path}; it offers ${allowed.join(', ')}`, { headers: { allow: allowed.join(', ') } });
}
