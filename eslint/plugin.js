// Project rules ESLint has no built-in for.
//   disable-needs-reason: an `eslint-disable…` comment must say why after ` -- ` (ESLint's description syntax),
//   so a silenced rule carries its reason to the next reader.
const DIRECTIVE = /^\s*eslint-disable(?:-next-line|-line)?(?:\s|$)/;

const disableNeedsReason = {
  meta: {
    type: 'suggestion',
    docs: { description: 'require a reason (`-- why`) on every eslint-disable comment' },
    schema: [],
    messages: { reason: 'Say why this rule is silenced: `{{directive}} -- <reason>`.' },
  },
  create(context) {
    return {
      Program() {
        for (const c of context.sourceCode.getAllComments()) {
          if (!DIRECTIVE.test(c.value)) continue;
          const [directive, reason] = c.value.split(/\s--\s/);
          if (reason === undefined || reason.trim().length < 3)
            context.report({ loc: c.loc, messageId: 'reason', data: { directive: directive.trim() } });
        }
      },
    };
  },
};

export default { meta: { name: 'sessionscope' }, rules: { 'disable-needs-reason': disableNeedsReason } };
