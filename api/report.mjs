// The public API reports (api/<entry>.api.md), one per package entry, made by API Extractor from the built
// declarations in dist/. `npm run api:check` (CI) fails when the public surface changed without the report
// being updated; `npm run api:update` rewrites the reports so the change shows in review.
// Needs `npm run build` first.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const here = path.dirname(fileURLToPath(import.meta.url));
const update = process.argv.includes('--update');
const ENTRIES = ['index', 'core', 'server', 'testing'];

if (!existsSync(path.join(here, '..', 'dist', 'index.d.ts'))) {
  console.error('api: dist/ is missing; run `npm run build` first.');
  process.exit(1);
}
let failed = 0;
for (const entry of ENTRIES) {
  const config = ExtractorConfig.loadFileAndPrepare(path.join(here, `${entry}.api-extractor.json`));
  const result = Extractor.invoke(config, { localBuild: update, showVerboseMessages: false });
  const ok = result.succeeded && (update || !result.apiReportChanged);
  if (!ok) failed++;
  console.log(
    `${ok ? 'PASS' : 'FAIL'}  api report ${entry}.api.md${
      result.apiReportChanged
        ? update
          ? ' (updated)'
          : ': the public API changed; run `npm run api:update` and commit api/'
        : ''
    }`,
  );
}
process.exit(failed ? 1 : 0);
