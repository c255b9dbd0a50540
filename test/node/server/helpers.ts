import { expect } from 'vitest';
import type { WebCallHandlerErrorEvent } from '../../../src/server/index.ts';

/** The secret every test handler uses; it must never leave the server. */
export const API_KEY = 'key_test_9f8e7d6c5b4a_SECRET';

export interface Captured {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** Every answer any test received, scanned for the key at the end. */
export const captured: Captured[] = [];
/** Every operator event any test received. */
export const reported: WebCallHandlerErrorEvent[] = [];

export async function capture(response: Response): Promise<Captured> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const result = { status: response.status, headers: response.headers, text, json };
  captured.push(result);
  return result;
}

/** Asserts Retell's error shape with JSON and no-store. */
export function expectErrorShape(result: Captured, status: number, message?: string | RegExp): void {
  expect(result.status).toBe(status);
  expect(result.headers.get('content-type')).toMatch(/^application\/json/);
  expect(result.headers.get('cache-control')).toBe('no-store');
  expect(result.json).toEqual({ status: 'error', message: expect.any(String) });
  const actual = (result.json as { message: string }).message;
  expect(actual.length).toBeGreaterThan(0);
  if (typeof message === 'string') expect(actual).toContain(message);
  else if (message) expect(actual).toMatch(message);
}

/** Asserts the key appears in no body, header name/value or reported message. */
export function expectNoKeyAnywhere(secret = API_KEY): void {
  for (const result of captured) {
    expect(result.text).not.toContain(secret);
    result.headers.forEach((value, name) => {
      expect(value).not.toContain(secret);
      expect(name).not.toContain(secret);
    });
  }
  for (const event of reported) {
    expect(event.message).not.toContain(secret);
    expect(event.retellMessage ?? '').not.toContain(secret);
    expect(JSON.stringify({ ...event, cause: undefined })).not.toContain(secret);
  }
}
