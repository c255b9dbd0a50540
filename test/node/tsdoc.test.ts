import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The public API's documentation rules, checked rather than promised, for every name each public entry
// exports (types included): every export has a TSDoc summary, and the exports people start from (hooks,
// components, options and props types) also show an `@example`.
const ENTRIES = ['src/index.ts', 'src/core/index.ts', 'src/server/index.ts', 'src/testing/index.ts'];

interface PublicExport {
  entry: string;
  name: string;
  /** The declaration's TSDoc summary (empty when there is none). */
  summary: string;
  hasExample: boolean;
  isComponent: boolean;
}

/** Every export of every entry, resolved to the declaration behind it. */
function publicExports(): PublicExport[] {
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
  return ENTRIES.flatMap((entry) => {
    const file = program.getSourceFile(entry);
    const module = file && checker.getSymbolAtLocation(file);
    if (!module) throw new Error(`cannot read ${entry}`);
    return checker.getExportsOfModule(module).map((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const name = symbol.getName();
      return {
        entry,
        name,
        summary: ts.displayPartsToString(target.getDocumentationComment(checker)).trim(),
        hasExample: target.getJsDocTags(checker).some((tag) => tag.name === 'example'),
        // A PascalCase value that is not a class: a function or forwardRef component.
        isComponent:
          /^[A-Z][a-z]/.test(name) &&
          (target.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable)) !== 0 &&
          (target.flags & ts.SymbolFlags.Class) === 0,
      };
    });
  });
}

/** Hooks, components, and the options and props types: where a reader needs an example to start. */
function needsExample(entry: Pick<PublicExport, 'name' | 'isComponent'>): boolean {
  return /^use[A-Z]/.test(entry.name) || entry.isComponent || /(Options|Props)$/.test(entry.name);
}

describe('public API documentation', () => {
  const all = publicExports();

  it('reads every entry, the core entry included', () => {
    for (const entry of ENTRIES) expect(all.filter((e) => e.entry === entry).length).toBeGreaterThan(0);
    // The rule's categories are not empty, so a broken classification cannot pass silently.
    const names = (pick: (e: PublicExport) => boolean) => all.filter(pick).map((e) => e.name);
    expect(names((e) => e.isComponent)).toEqual(
      expect.arrayContaining(['CallButton', 'CallPanel', 'WebCallProvider', 'MockWebCallProvider']),
    );
    expect(names((e) => e.isComponent)).not.toContain('WebCallError');
    expect(names(needsExample)).toEqual(
      expect.arrayContaining([
        'useWebCall',
        'WebCallOptions',
        'CallButtonProps',
        'CreateWebCallHandlerOptions',
      ]),
    );
    expect(names(needsExample)).not.toContain('CALL_STATUSES');
  });

  it('every export of every entry has a TSDoc summary', () => {
    expect(all.filter((e) => e.summary === '').map((e) => `${e.entry}: ${e.name}`)).toEqual([]);
  });

  it('hooks, components, and options and props types have an @example', () => {
    expect(all.filter((e) => needsExample(e) && !e.hasExample).map((e) => `${e.entry}: ${e.name}`)).toEqual(
      [],
    );
  });
});
