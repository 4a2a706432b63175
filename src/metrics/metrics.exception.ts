import { HttpStatus } from '@nestjs/common';
import { errorCatalogue } from '../common/hub-error';

/** What /metrics refuses. */
export enum MetricsErrorCode {
  /** HUB_METRICS_TOKEN is set and the scrape did not carry it. */
  METRICS_TOKEN_REQUIRED = 'METRICS_TOKEN_REQUIRED',
}

export class MetricsException extends errorCatalogue<MetricsErrorCode>({
  [MetricsErrorCode.METRICS_TOKEN_REQUIRED]: HttpStatus.UNAUTHORIZED,
}) {}
