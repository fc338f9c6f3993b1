// The command line of the benchmarks that measure one case (bench/graph.mjs, ui.mjs, search.mjs): the CASE.sscase
// argument, `--name value` options and `--flag` switches; without a case, the usage line and exit 2.

/**
 * @typedef {object} CaseArgs
 * @property {string} casePath
 * @property {<D extends string | null>(name: string, dflt: D) => string | D} opt `--name value`, or `dflt` when absent
 * @property {(name: string) => boolean} has whether `--name` was given
 */

/**
 * @param {string} usage e.g. `node bench/graph.mjs CASE.sscase [--runs 5]`
 * @returns {CaseArgs}
 */
export function caseArgs(usage) {
  const args = process.argv.slice(2);
  const casePath = args.find((a) => a.endsWith('.sscase'));
  if (!casePath) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  return {
    casePath,
    opt: (name, dflt) => {
      const i = args.indexOf(`--${name}`);
      return i >= 0 ? args[i + 1] : dflt;
    },
    has: (name) => args.includes(`--${name}`),
  };
}
