import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// What each package entry promises about the others: the root re-exports every name of ./core (values and
// types, `CallStatus` being the component-and-type there), only ./server carries the server's schemas, and
// only the root is a client module. (dist/ is checked the same way by test/consumer/run.mjs.)
const ROOT = 'src/index.ts';
const CORE = 'src/core/index.ts';
const SERVER = 'src/server/index.ts';
const SERVER_ONLY = [
  'agentOverrideSchema',
  'createWebCallRequestSchema',
  'retellErrorSchema',
  'v2WebCallResponseSchema',
  'RetellErrorBody',
  'V2WebCallResponse',
];

function exportNames(): Record<string, string[]> {
  const entries = [ROOT, CORE, SERVER];
  const program = ts.createProgram(entries, {
    allowImportingTsExtensions: true,
    jsx: ts.JsxEmit.ReactJSX,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  return Object.fromEntries(
    entries.map((entry) => {
      const file = program.getSourceFile(entry);
      const module = file && checker.getSymbolAtLocation(file);
      if (!module) throw new Error(`cannot read ${entry}`);
      return [entry, checker.getExportsOfModule(module).map((symbol) => symbol.getName())];
    }),
  );
}

/** The directive prologue of a module: `'use client'` must come before any import to count. */
const startsWithUseClient = (file: string) => /^\s*['"]use client['"];/.test(readFileSync(file, 'utf8'));

describe('package entries', () => {
  const names = exportNames();

  it('the root entry exports every name of the core entry', () => {
    const root = new Set(names[ROOT]);
    expect(names[CORE]?.length).toBeGreaterThan(40);
    expect(names[CORE]?.filter((name) => !root.has(name))).toEqual([]);
  });

  it('the server-only schemas are exported by ./server, not by the root or ./core', () => {
    expect(names[SERVER]).toEqual(expect.arrayContaining([...SERVER_ONLY, 'CreateWebCallRequest']));
    expect(names[ROOT]?.filter((name) => SERVER_ONLY.includes(name))).toEqual([]);
    expect(names[CORE]?.filter((name) => SERVER_ONLY.includes(name))).toEqual([]);
  });

  it('only the root entry is a client module', () => {
    expect(startsWithUseClient(ROOT)).toBe(true);
    expect(startsWithUseClient(CORE)).toBe(false);
    expect(startsWithUseClient(SERVER)).toBe(false);
  });
});
