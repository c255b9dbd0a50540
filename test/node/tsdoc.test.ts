import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// "TSDoc with an example on every export": checked, not promised. For every name each public entry
// exports (types included), the declaration behind it must carry a TSDoc comment with an @example.
const ENTRIES = ['src/index.ts', 'src/server/index.ts', 'src/testing/index.ts'];

function exportsWithoutExample(): { entry: string; name: string }[] {
  const program = ts.createProgram(ENTRIES, {
    allowImportingTsExtensions: true,
    jsx: ts.JsxEmit.ReactJSX,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const missing: { entry: string; name: string }[] = [];
  for (const entry of ENTRIES) {
    const file = program.getSourceFile(entry);
    const module = file && checker.getSymbolAtLocation(file);
    if (!module) throw new Error(`cannot read ${entry}`);
    const exported = checker.getExportsOfModule(module);
    expect(exported.length).toBeGreaterThan(0);
    for (const symbol of exported) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      if (!target.getJsDocTags(checker).some((tag) => tag.name === 'example')) {
        missing.push({ entry, name: symbol.getName() });
      }
    }
  }
  return missing;
}

describe('public API documentation', () => {
  it('every export of every entry has TSDoc with an @example', () => {
    expect(exportsWithoutExample()).toEqual([]);
  }, 60_000);
});
