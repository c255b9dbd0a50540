import type { CreateWebCallRequest } from '../core/schemas.ts';
import { createWebCallRequestSchema } from './schemas.ts';

/** Keys that can reach `Object.prototype` through naive merges; rejected at any depth. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Upper bound of values walked in one body (a 16 KiB body holds far fewer). */
const MAX_JSON_NODES = 20_000;
const encoder = new TextEncoder();

/** The rules a browser body must follow. */
export interface BodyPolicy {
  agentId: string | undefined;
  allowedAgentIds: ReadonlySet<string>;
  allowAnyAgent: boolean;
  agentVersion: number | undefined;
  allowAgentOverride: boolean;
  maxMetadataBytes: number;
  maxDynamicVariablesBytes: number;
  maxDynamicVariables: number;
  maxJsonDepth: number;
}

/** A validation outcome: the body to forward, or a browser-safe reason. */
export type BodyCheck = { ok: true; body: CreateWebCallRequest } | { ok: false; message: string };

function quoteKey(key: string): string {
  return JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
}

function describePath(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'the body';
  return path
    .map((part) =>
      typeof part === 'number'
        ? `[${part}]`
        : /^[A-Za-z_][A-Za-z0-9_]{0,40}$/.test(part)
          ? `.${part}`
          : `[${quoteKey(part)}]`,
    )
    .join('')
    .replace(/^\./, '');
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Walks a JSON-like value without recursion: rejects `__proto__`/`constructor`/`prototype` keys at any
 * depth, nesting beyond `maxDepth`, non-plain objects and values JSON cannot carry. Returns a reason or
 * `undefined` when the value is safe.
 */
export function findUnsafeJson(value: unknown, maxDepth: number): string | undefined {
  const stack: { value: unknown; depth: number; path: (string | number)[] }[] = [
    { value, depth: 0, path: [] },
  ];
  let visited = 0;
  while (stack.length > 0) {
    const item = stack.pop() as (typeof stack)[number];
    visited++;
    if (visited > MAX_JSON_NODES) return 'The request body has too many values.';
    const current = item.value;
    const kind = typeof current;
    if (kind === 'bigint' || kind === 'function' || kind === 'symbol') {
      return `${describePath(item.path)} is not a JSON value.`;
    }
    if (current === null || kind !== 'object') continue;
    if (item.depth >= maxDepth) return `The request body is nested too deeply (max ${maxDepth} levels).`;
    if (Array.isArray(current)) {
      for (let index = 0; index < current.length; index++) {
        stack.push({ value: current[index], depth: item.depth + 1, path: [...item.path, index] });
      }
      continue;
    }
    if (!isPlainObject(current as object)) return `${describePath(item.path)} is not a plain JSON object.`;
    for (const key of Object.keys(current as object)) {
      if (FORBIDDEN_KEYS.has(key)) {
        return `Forbidden key ${quoteKey(key)} in ${describePath(item.path)}.`;
      }
      stack.push({
        value: (current as Record<string, unknown>)[key],
        depth: item.depth + 1,
        path: [...item.path, key],
      });
    }
  }
  return undefined;
}

/** Parses request text as JSON; a reason on failure (never throws). */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.trim() === '') return { ok: false, message: 'The request body is empty; send a JSON object.' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, message: 'The request body is not valid JSON.' };
  }
}

function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value) ?? '').byteLength;
}

/** The zod issue fields the messages use (zod/mini ships no English messages). */
interface SchemaIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: unknown;
  keys?: string[];
  minimum?: unknown;
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  int: 'an integer',
  number: 'a number',
  record: 'an object',
  object: 'an object',
};

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const part of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function describeIssue(issue: SchemaIssue, missing: boolean): string {
  const where = describePath(issue.path.map((part) => (typeof part === 'symbol' ? '?' : part)));
  switch (issue.code) {
    case 'unrecognized_keys': {
      const keys = (issue.keys ?? []).slice(0, 5).map(quoteKey).join(', ');
      return `unknown field${(issue.keys?.length ?? 0) === 1 ? '' : 's'} ${keys} in ${where}`;
    }
    case 'invalid_type':
      return missing
        ? `${where} is required`
        : `${where} must be ${EXPECTED[String(issue.expected)] ?? 'valid'}`;
    case 'too_small':
      return issue.minimum === 1
        ? `${where} must not be empty`
        : `${where} must be at least ${String(issue.minimum)}`;
    default:
      return issue.message !== 'Invalid input' ? `${where} ${issue.message}` : `${where} is invalid`;
  }
}

function schemaCheck(value: unknown): BodyCheck {
  const result = createWebCallRequestSchema.safeParse(value);
  if (result.success) return { ok: true, body: result.data };
  const issue = result.error.issues[0] as SchemaIssue | undefined;
  const missing = issue !== undefined && valueAt(value, issue.path) === undefined;
  const message = `Invalid request body: ${issue ? describeIssue(issue, missing) : 'invalid'}.`;
  return { ok: false, message: message.length > 300 ? `${message.slice(0, 300)}…` : message };
}

function agentCheck(body: CreateWebCallRequest, policy: BodyPolicy): string | undefined {
  const agentAllowed =
    policy.allowAnyAgent || body.agent_id === policy.agentId || policy.allowedAgentIds.has(body.agent_id);
  if (!agentAllowed) return 'agent_id is not allowed.';
  if (
    policy.agentVersion !== undefined &&
    body.agent_version !== undefined &&
    body.agent_version !== policy.agentVersion
  ) {
    return 'agent_version is not allowed.';
  }
  return undefined;
}

function withServerDefaults(value: Record<string, unknown>, policy: BodyPolicy): Record<string, unknown> {
  const result = { ...value };
  if (policy.agentId !== undefined && !Object.hasOwn(result, 'agent_id')) result.agent_id = policy.agentId;
  if (policy.agentVersion !== undefined && !Object.hasOwn(result, 'agent_version')) {
    result.agent_version = policy.agentVersion;
  }
  return result;
}

/**
 * Checks a parsed browser body against every rule: safe JSON (no prototype keys, bounded depth), an object,
 * the create-web-call schema (no unknown fields, typed fields), the agent policy (`agent_id` filled in or
 * allowed, `agent_version` pinned), `agent_override` refused unless allowed, and the size limits of
 * `metadata` and the dynamic variables. Never throws.
 */
export function checkBrowserBody(value: unknown, policy: BodyPolicy): BodyCheck {
  const unsafe = findUnsafeJson(value, policy.maxJsonDepth);
  if (unsafe !== undefined) return { ok: false, message: unsafe };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'The request body must be a JSON object.' };
  }
  const parsed = schemaCheck(withServerDefaults(value as Record<string, unknown>, policy));
  if (!parsed.ok) return parsed;
  const body = parsed.body;
  const agentProblem = agentCheck(body, policy);
  if (agentProblem !== undefined) return { ok: false, message: agentProblem };
  if (body.agent_override !== undefined && !policy.allowAgentOverride) {
    return { ok: false, message: 'agent_override is not allowed.' };
  }
  if (body.metadata !== undefined && jsonBytes(body.metadata) > policy.maxMetadataBytes) {
    return { ok: false, message: `metadata is too large (max ${policy.maxMetadataBytes} bytes as JSON).` };
  }
  const variables = body.retell_llm_dynamic_variables;
  if (variables !== undefined) {
    if (Object.keys(variables).length > policy.maxDynamicVariables) {
      return {
        ok: false,
        message: `retell_llm_dynamic_variables has too many entries (max ${policy.maxDynamicVariables}).`,
      };
    }
    if (jsonBytes(variables) > policy.maxDynamicVariablesBytes) {
      return {
        ok: false,
        message: `retell_llm_dynamic_variables is too large (max ${policy.maxDynamicVariablesBytes} bytes as JSON).`,
      };
    }
  }
  return { ok: true, body };
}

/**
 * Checks the body `authorize` decided to forward: safe JSON, the schema and the agent policy, with the same
 * server defaults as a browser body (`agent_id` and the pinned `agent_version` filled in when omitted; a
 * different `agent_version` is refused: a pinned version stays pinned). The browser limits
 * (`agent_override`, sizes) do not apply to what the server itself put in. Never throws.
 */
export function checkServerBody(value: unknown, policy: BodyPolicy): BodyCheck {
  const unsafe = findUnsafeJson(value, policy.maxJsonDepth);
  if (unsafe !== undefined) return { ok: false, message: unsafe };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'authorize returned something that is not an object.' };
  }
  const parsed = schemaCheck(withServerDefaults(value as Record<string, unknown>, policy));
  if (!parsed.ok) return parsed;
  const agentProblem = agentCheck(parsed.body, policy);
  return agentProblem === undefined ? parsed : { ok: false, message: agentProblem };
}
