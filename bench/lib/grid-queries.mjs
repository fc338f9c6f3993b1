// The free-text searches the grid benchmarks run, in the browser (bench/ui.mjs) and in-process (bench/search.mjs):
// one list, so the two measure the same queries on a case from bench/gen-cloudtrail.mjs.
export const GRID_FREE_TEXT = [
  'GetSecretValue',
  'corp-data-11',
  'AccessDenied',
  'StopLogging',
  '"assumed-role/ci-deployer-2"',
  'DeleteObject corp-backups-2',
  'kms Decrypt',
  'svc-legacy-sync',
];
