import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../common/secrets';

/** Webex's `X-Spark-Signature`: hex HMAC-SHA1 of the raw body with the webhook's secret, compared in constant time. */
export function sparkSignatureValid(secret: string, rawBody: Buffer, signature: string | string[] | undefined): boolean {
  if (typeof signature !== 'string' || !/^[0-9a-fA-F]{40}$/.test(signature)) return false;
  const expected = createHmac('sha1', secret).update(rawBody).digest();
  return constantTimeEqual(expected, Buffer.from(signature, 'hex'));
}

/**
 * The headers that let a receiver check an outbound event: Cloud Elements'
 * `Elements-Webhook-Signature` and `Elements-Webhook-Id` (the same id as Standard Webhooks'), and
 * the Standard Webhooks trio. A key in the Standard Webhooks form
 * (`whsec_<base64>`) signs `webhook-signature` with its decoded bytes, as their libraries expect;
 * any other key signs with its UTF-8 bytes.
 */
export function signatureHeaders(key: string, webhookId: string, timestampSeconds: number, body: string): Record<string, string> {
  const elements = createHmac('sha256', key).update(body).digest('base64');
  const standardKey = key.startsWith('whsec_') ? Buffer.from(key.slice('whsec_'.length), 'base64') : Buffer.from(key, 'utf8');
  const standard = createHmac('sha256', standardKey).update(`${webhookId}.${timestampSeconds}.${body}`).digest('base64');
  return {
    'elements-webhook-signature': `sha256=${elements}`,
    'elements-webhook-id': webhookId,
    'webhook-id': webhookId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': `v1,${standard}`,
  };
}
