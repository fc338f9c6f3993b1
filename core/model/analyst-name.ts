// Who acts, as a window names it: the rule every shell applies to a name typed into the page before a call runs
// as that analyst (the bridge's X-SessionScope-Analyst header, Electron's IPC call field). The renderer checks the
// same rule as the analyst types (renderer/src/app/analyst.ts) so the dialog and the shells agree.

/** Longest analyst name accepted (characters). */
export const MAX_ANALYST_CHARS = 80;

/** The name normalised (NFC, trimmed), or an Error saying why it cannot be used. */
export function checkAnalystName(raw: string): string | Error {
  const name = raw.normalize('NFC').trim();
  if (name === '') return new Error('the analyst name is empty');
  if ([...name].length > MAX_ANALYST_CHARS)
    return new Error(`the analyst name is over ${MAX_ANALYST_CHARS} characters`);
  if (/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(name)) return new Error('the analyst name holds control characters');
  return name;
}
