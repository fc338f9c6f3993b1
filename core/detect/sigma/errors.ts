// A rule that cannot be used, and why: the message names the part of the rule at fault, so the rule's author
// can fix it. Loading collects these per rule; it never stops at the first bad rule.
export class RuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleError';
  }
}
