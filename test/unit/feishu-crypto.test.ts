import { AESCipher } from '@larksuiteoapi/node-sdk';
import { describe, expect, it } from 'vitest';
import { decryptPayload, isFresh, signatureMatches, signatureOf } from '../../src/platforms/feishu/crypto.ts';
import { encryptFor, signFor } from '../helpers/feishu-sign.ts';

describe('Feishu payload crypto', () => {
  it('decrypts what Feishu encrypts, agreeing with the SDK cipher', () => {
    const plain = JSON.stringify({ challenge: '挑战', type: 'url_verification' });
    const encrypted = encryptFor('key-1', plain);
    expect(decryptPayload('key-1', encrypted)).toBe(plain);
    expect(new AESCipher('key-1').decrypt(encrypted)).toBe(plain);
  });

  it('fails on the wrong key or a mangled payload', () => {
    const encrypted = encryptFor('key-1', JSON.stringify({ a: 1 }));
    expect(() => JSON.parse(decryptPayload('key-2', encrypted))).toThrow();
    expect(() => decryptPayload('key-1', 'abc')).toThrow(/length/);
  });

  it('signs timestamp + nonce + key + raw body with sha256, compared in constant time', () => {
    const body = Buffer.from('{"encrypt":"x"}');
    const expected = signatureOf('1700000000', 'n1', 'key-1', body);
    expect(expected).toBe(signFor('1700000000', 'n1', 'key-1', body.toString()));
    expect(signatureMatches(expected, expected.toUpperCase())).toBe(true);
    expect(signatureMatches(expected, signFor('1700000001', 'n1', 'key-1', body.toString()))).toBe(false);
    expect(signatureMatches(expected, undefined)).toBe(false);
    expect(signatureMatches(expected, 'short')).toBe(false);
  });

  it('accepts request timestamps within five minutes either way, nothing else', () => {
    const now = 1_700_000_000_000;
    const fiveMin = 5 * 60_000;
    expect(isFresh('1700000000', now, fiveMin)).toBe(true);
    expect(isFresh(String(1_700_000_000 - 300), now, fiveMin)).toBe(true);
    expect(isFresh(String(1_700_000_000 - 301), now, fiveMin)).toBe(false);
    expect(isFresh(String(1_700_000_000 + 301), now, fiveMin)).toBe(false);
    for (const bad of [undefined, '', 'abc', '-5', '1e9']) expect(isFresh(bad, now, fiveMin)).toBe(false);
  });
});
