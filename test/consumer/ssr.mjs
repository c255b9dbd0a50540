// Server-rendering check, run by run.mjs with plain Node inside the consumer fixture (so every import below
// resolves to the installed tarball): renders every component retell-web-call-react exports with
// react-dom/server, inside a WebCallProvider and on its own, and checks that the root entry's values are the
// core entry's. Prints one JSON line: { results: [...] }. (core.mjs imports the core entry without React.)
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import * as lib from 'retell-web-call-react';
import * as core from 'retell-web-call-react/core';
import * as server from 'retell-web-call-react/server';

const results = [];
const record = (name, ok, detail) => results.push({ name, ok, detail });

/** A React component export: a forwardRef/memo object, or a capitalised function that is not a class. */
function isComponent(name, value) {
  if (!/^[A-Z][a-z]/.test(name) || name === 'WebCallProvider') return false;
  if (value && typeof value === 'object') return typeof value.$$typeof === 'symbol';
  return typeof value === 'function' && !/^class[\s{]/.test(Function.prototype.toString.call(value));
}

/** What each component must show on the server, where we know it (an idle call). */
const expectations = {
  CallButton:
    /<button[^>]*type="button"[^>]*data-status="idle"|<button[^>]*data-status="idle"[^>]*type="button"/,
  CallPanel: /<section[^>]*class="rwc-call-panel[^"]*"[\s\S]*<button/,
  MuteButton: /<button/,
  // Nothing to show without an error.
  CallError: /^$/,
};

/** Props a component requires (everything else renders with none). */
const REQUIRED_PROPS = {
  // Server HTML of the microphone menu: nothing to enumerate on the server, so "Default" only.
  DeviceSelect: { kind: 'audioinput' },
};

const components = Object.entries(lib).filter(([name, value]) => isComponent(name, value));
/** The components that own a call when no provider is around; the parts need one (and say so). */
const STANDALONE = new Set(['CallButton', 'CallPanel']);
const errors = [];
const originalError = console.error;
console.error = (...args) => errors.push(args.map(String).join(' '));
try {
  for (const [name, Component] of components) {
    for (const wrapped of STANDALONE.has(name) ? [true, false] : [true]) {
      const label = `${name} ${wrapped ? 'in WebCallProvider' : 'standalone'}`;
      errors.length = 0;
      try {
        const element = createElement(Component, {
          endpoint: '/api/create-web-call',
          ...REQUIRED_PROPS[name],
        });
        const html = renderToString(
          wrapped
            ? createElement(lib.WebCallProvider, { endpoint: '/api/create-web-call' }, element)
            : element,
        );
        const expected = expectations[name];
        const htmlOk = expected ? expected.test(html) : typeof html === 'string';
        const ok = htmlOk && errors.length === 0;
        record(
          label,
          ok,
          ok
            ? `${html.length} chars`
            : `html ${htmlOk ? 'ok' : `unexpected: ${html.slice(0, 200)}`}; console.error: ${errors.join(' | ').slice(0, 300)}`,
        );
      } catch (error) {
        record(label, false, `threw: ${error instanceof Error ? error.message : error}`);
      }
    }
  }
} finally {
  console.error = originalError;
}
record(
  'component exports found',
  components.length >= 5 &&
    components.some(([n]) => n === 'CallButton') &&
    components.some(([n]) => n === 'CallPanel'),
  components.map(([n]) => n).join(', '),
);
record(
  'server entry imports in plain Node',
  typeof server.createWebCallHandler === 'function',
  Object.keys(server).join(', '),
);

// The root entry's values are the core entry's (one WebCallError class, one store factory), not copies.
const rootValues = new Map(Object.entries(lib));
const differ = Object.entries(core)
  .filter(([name, value]) => rootValues.get(name) !== value)
  .map(([name]) => name);
record(
  'root entry re-exports the core entry’s very values',
  differ.length === 0 && Object.keys(core).length > 0,
  differ.length ? `differ: ${differ.join(', ')}` : `${Object.keys(core).length} values`,
);
console.log(JSON.stringify({ results }));
