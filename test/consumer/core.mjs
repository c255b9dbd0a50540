// Core-entry check, run by run.mjs with plain Node inside the consumer fixture (so the import resolves to the
// installed tarball): what a Server Component, a route handler or a script does with
// retell-web-call-react/core. React, React Query and the Retell SDK are installed next to it but refused by a
// resolve hook, so the entry must load and work without them. Prints one JSON line: { results: [...] }.
import { register } from 'node:module';

const REFUSED = /^(react|react-dom|@tanstack\/react-query|retell-client-js-sdk|livekit-client)($|\/)/;
const hooks = `export async function resolve(specifier, context, next) {
  if (${REFUSED}.test(specifier)) throw new Error('refused import of ' + specifier);
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);

const results = [];
const record = (name, ok, detail) => results.push({ name, ok, detail });

let core;
try {
  core = await import('retell-web-call-react/core');
  record(
    'core entry imports in plain Node with React and the SDK refused',
    true,
    Object.keys(core).join(', '),
  );
} catch (error) {
  record('core entry imports in plain Node with React and the SDK refused', false, String(error));
}
if (core) {
  const error = new core.WebCallError('token_request_failed', 'The token endpoint answered 500.');
  const store = core.createCallStore({ agentId: 'agent_consumer' });
  const parsed = core.webCallResponseSchema.safeParse({ access_token: 'tok', call_id: 'c1' });
  const merged = core.mergeTranscriptWindow(core.EMPTY_TRANSCRIPT, [{ role: 'agent', content: 'Hi' }]);
  const problems = [
    !core.isWebCallError(error) && 'isWebCallError(new WebCallError) is false',
    error.code !== 'token_request_failed' && `error.code is ${error.code}`,
    !core.WEB_CALL_ERROR_CODES.includes('token_request_failed') && 'WEB_CALL_ERROR_CODES lacks a code',
    !core.CALL_STATUSES.includes('idle') && 'CALL_STATUSES lacks idle',
    core.isLiveStatus('idle') && 'isLiveStatus("idle") is true',
    store.getSnapshot().status !== 'idle' && `a new store is ${store.getSnapshot().status}`,
    !parsed.success && 'webCallResponseSchema refused a token body',
    core.callStatusWordSchema.safeParse('ongoing').success !== true &&
      'callStatusWordSchema refused "ongoing"',
    merged.entries.length !== 1 && `mergeTranscriptWindow gave ${merged.entries.length} entries`,
    core.DEFAULT_ENDPOINT !== '/api/create-web-call' && `DEFAULT_ENDPOINT is ${core.DEFAULT_ENDPOINT}`,
  ].filter(Boolean);
  record('core entry values work in plain Node', problems.length === 0, problems.join('; '));
}
console.log(JSON.stringify({ results }));
