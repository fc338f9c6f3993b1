// Identity → identity edges from importer facts: who assumed, federated into, impersonated or minted a
// credential for whom, with the event that shows it. Sessions are attached later (session-links.ts).
import { FACT } from '../model/facts.js';
import type { Scan } from './scan.js';
import { factAtom, lines, subjectMatches } from './alias-rules.js';
import { atomKey, keyNamespace, splitAtom, workloadOf } from './atoms.js';

/** A CI run started by the event's principal (GitHub's audit log): the run executes as the repository's workload. */
const STARTS_CI_RUN = /^workflows\.created_workflow_run$/;

export type EdgeKind = 'assumed' | 'federated' | 'impersonated' | 'minted' | 'triggered';

export interface EdgeFact {
  pos: number;
  kind: EdgeKind;
  src: number;
  dst: number[];
  /**
   * The source acted in the event's own session; false when the log names the source only (impersonator, federated
   * join).
   */
  srcInSession: boolean;
  /** "ns|key" of each credential the event issued (a Vault secrets-engine read can mint an AWS key and a lease). */
  credentials: string[];
  /** When the source is named by the event's target side, the destination session is the event's own. */
  dstIsEventSession: boolean;
}

export interface Issued {
  pos: number;
  credential: string;
  key: string;
  target: number;
}

function kindOf(action: string, facts: Record<string, string>): EdgeKind {
  if (facts[FACT.federatedSubject]) return 'federated';
  if (/AssumeRole|SwitchRole|AssumeRoot/i.test(action)) return 'assumed';
  if (/GenerateAccessToken|GenerateIdToken|SignJwt|SignBlob|impersonat/i.test(action)) return 'impersonated';
  if (facts[FACT.issuedKey] || facts[FACT.issuedTo]) return 'minted';
  return 'assumed';
}

export function edgeFacts(scan: Scan): { edges: EdgeFact[]; issued: Issued[] } {
  const edges: EdgeFact[] = [];
  const issued: Issued[] = [];
  for (const { pos, facts } of scan.factEvents) {
    const format = scan.formats.values[scan.efmt[pos]];
    const action = scan.actions.values[scan.action[pos]];
    const me = scan.atom[pos];
    const targets = [...lines(facts[FACT.issuedTo]), ...lines(facts[FACT.targetIdentity])].map((v) =>
      factAtom(scan, v, pos),
    );
    const keys = lines(facts[FACT.issuedKey]);
    const credentials = keys.map((k) => `${keyNamespace(format, k)}|${k}`);
    const sub = facts[FACT.federatedSubject];
    let src = me;
    let srcInSession = true;
    if (sub) {
      const w = scan.atoms.id(
        workloadOf(facts[FACT.identityProvider] ?? null, sub, /SAML/i.test(scan.actions.values[scan.action[pos]])).atom,
      );
      const principal = me >= 0 ? splitAtom(scan.atoms.values[me]).value : null;
      const callerIsSubject = principal !== null && subjectMatches(principal, sub);
      if (!callerIsSubject) {
        // A federated join (Teleport bot.join with CI claims): the workload federated into the event's principal.
        src = w;
        srcInSession = false;
        const dst = me >= 0 ? [me, ...targets] : targets;
        if (dst.length > 0)
          edges.push({ pos, kind: 'federated', src, dst, srcInSession, credentials, dstIsEventSession: me >= 0 });
        keys.forEach((k, j) => issued.push({ pos, credential: credentials[j], key: k, target: dst[0] ?? -1 }));
        continue;
      }
    }
    if (targets.length > 0 && src >= 0) {
      edges.push({
        pos,
        kind: kindOf(action, facts),
        src,
        dst: targets,
        srcInSession,
        credentials,
        dstIsEventSession: false,
      });
    }
    keys.forEach((k, j) => issued.push({ pos, credential: credentials[j], key: k, target: targets[0] ?? me }));
    if (me < 0) continue;
    // Whoever starts a run controls what the repository's workload identity (its OIDC subject) does in it: the
    // workload is reached from then on. Run ids are not in the cloud logs, so every later federation of the
    // workload is in reach, not only this run's.
    const repo = facts[FACT.ciRepository];
    if (repo && STARTS_CI_RUN.test(action) && format === 'github-audit') {
      const w = scan.atoms.id(atomKey('github-actions', repo));
      if (w !== me)
        edges.push({
          pos,
          kind: 'triggered',
          src: me,
          dst: [w],
          srcInSession: true,
          credentials: [],
          dstIsEventSession: false,
        });
    }
    // A delegation chain ending in the caller (GCP serviceAccountDelegationInfo): each hop impersonated the next.
    const chain = lines(facts[FACT.delegationChain]);
    if (chain.length >= 2 && factAtom(scan, chain[chain.length - 1], pos) === me) {
      for (let h = 0; h + 1 < chain.length; h++) {
        const to = h + 2 === chain.length ? me : factAtom(scan, chain[h + 1], pos);
        edges.push({
          pos,
          kind: 'impersonated',
          src: factAtom(scan, chain[h], pos),
          dst: [to],
          srcInSession: false,
          credentials: [],
          dstIsEventSession: to === me,
        });
      }
      continue;
    }
    for (const who of lines(facts[FACT.impersonator])) {
      edges.push({
        pos,
        kind: 'impersonated',
        src: factAtom(scan, who, pos),
        dst: [me],
        srcInSession: false,
        credentials: [],
        dstIsEventSession: true,
      });
    }
  }
  return { edges, issued };
}
