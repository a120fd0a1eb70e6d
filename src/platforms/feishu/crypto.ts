/**
 * Feishu request authentication: payload decryption (AES-256-CBC, key = sha256(encrypt key),
 * base64 of IV ‖ ciphertext), the X-Lark-Signature check (sha256 of timestamp + nonce +
 * encrypt key + raw body) and the request-age check that stops replays of old deliveries.
 */
import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

/** Decrypts the `encrypt` field of an event or callback body into its JSON text. */
export function decryptPayload(encryptKey: string, encrypted: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const bytes = Buffer.from(encrypted, 'base64');
  if (bytes.length < 32 || bytes.length % 16 !== 0) throw new Error('encrypted payload has a bad length');
  const decipher = createDecipheriv('aes-256-cbc', key, bytes.subarray(0, 16));
  return Buffer.concat([decipher.update(bytes.subarray(16)), decipher.final()]).toString('utf8');
}

/** The signature Feishu puts in X-Lark-Signature, computed over the untouched body bytes. */
export function signatureOf(timestamp: string, nonce: string, encryptKey: string, body: Buffer): string {
  return createHash('sha256').update(`${timestamp}${nonce}${encryptKey}`).update(body).digest('hex');
}

/** Constant-time comparison of the expected and the received signature. */
export function signatureMatches(expected: string, received: string | undefined): boolean {
  if (!received) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received.trim().toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** True when the X-Lark-Request-Timestamp (seconds) is within `maxAgeMs` of now, either way. */
export function isFresh(timestamp: string | undefined, nowMs: number, maxAgeMs: number): boolean {
  if (!timestamp || !/^\d{1,13}$/.test(timestamp.trim())) return false;
  const seconds = Number(timestamp.trim());
  return Math.abs(nowMs - seconds * 1000) <= maxAgeMs;
}
