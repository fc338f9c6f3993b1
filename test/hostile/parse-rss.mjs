// Child process for memory.test.ts: parses one file the way an import does (reader → importer → batches, the
// batches dropped instead of written) and prints the peak resident set size. Runs the built code (dist/).
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [root, file, format] = process.argv.slice(2);
const { runParse } = await import(pathToFileURL(path.join(root, 'dist/core/evidence/parse-job.js')).href);
let events = 0;
let rejects = 0;
const reasons = new Set();
const totals = await runParse(
  {
    file,
    format,
    shape: format === 'k8s-audit' || format === 'vault-audit' ? 'json' : 'lines',
    jsonLayout: 'lines',
    csvDelimiter: null,
  },
  (b) => {
    events += b.events.length;
    rejects += b.rejects.length;
    for (const r of b.rejects) if (reasons.size < 5) reasons.add(r[3]);
  },
);
process.stdout.write(
  JSON.stringify({
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    records: totals.records,
    accounted: totals.accounted,
    events,
    rejects,
    reasons: [...reasons],
  }),
);
