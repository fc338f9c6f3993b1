// Realistic GitHub audit-log streaming records (JSON lines): token-driven API requests, Actions workflow runs by
// github-actions[bot], bot pushes, and org/repo administration by people. `n` records; deterministic for a seed.

import { prng } from '../../bench/lib/random.js';

const ORG = 'acme-corp';
const REPOS = ['payments-api', 'web', 'infra', 'data-pipeline', 'docs', 'mobile'];
const PEOPLE = ['alice', 'bob', 'carol', 'dave'];
const BOTS = ['github-actions[bot]', 'dependabot[bot]', 'renovate[bot]', 'deploy-bot[bot]'];
const ROUTES = [
  ['GET', '/repos/{owner}/{repo}/pulls'],
  ['GET', '/repos/{owner}/{repo}/contents/{path}'],
  ['POST', '/repos/{owner}/{repo}/issues'],
  ['PATCH', '/repos/{owner}/{repo}'],
  ['DELETE', '/repos/{owner}/{repo}/git/refs/{ref}'],
  ['GET', '/orgs/{org}/members'],
] as const;
const TOKENS = ['personal_access_token', 'GitHub App server-to-server token', 'OAuth access token'];

export function generate(n: number, seed: number): string[] {
  const r = prng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const out: string[] = [];
  let t = Date.UTC(2026, 2, 10, 8, 0, 0);
  for (let i = 0; i < n; i++) {
    t += Math.floor(r() * 4000);
    const id = `${((i * 2654435761) >>> 0).toString(36)}${Math.floor(r() * 1e9).toString(36)}`;
    const repo = `${ORG}/${pick(REPOS)}`;
    const base = { '@timestamp': t, _document_id: id, created_at: t, business: 'acme', org: ORG, org_id: 4242 };
    const k = r();
    let rec: Record<string, unknown>;
    if (k < 0.45) {
      const [method, route] = pick(ROUTES);
      const bot = r() < 0.4;
      rec = {
        ...base,
        action: 'api.request',
        actor: bot ? pick(BOTS) : pick(PEOPLE),
        actor_id: 1000 + Math.floor(r() * 50),
        actor_is_bot: bot,
        hashed_token: Buffer.from(`tok-${Math.floor(r() * 40)}`).toString('base64'),
        token_id: 900000 + Math.floor(r() * 40),
        programmatic_access_type: pick(TOKENS),
        token_scopes: 'repo,read:org',
        request_method: method,
        route,
        status_code: r() < 0.05 ? 403 : 200,
        user_agent: pick(['curl/8.5.0', 'octokit-rest.js/20.0.2', 'terraform-provider-github/6.2']),
        actor_ip: `203.0.113.${Math.floor(r() * 250)}`,
        request_category: 'api',
      };
    } else if (k < 0.7) {
      const run = 7_000_000_000 + Math.floor(r() * 1e6);
      rec = {
        ...base,
        action: r() < 0.5 ? 'workflows.created_workflow_run' : 'workflows.completed_workflow_run',
        actor: 'github-actions[bot]',
        actor_id: 41898282,
        actor_is_bot: true,
        repo,
        repository: repo,
        workflow_id: 5000 + Math.floor(r() * 20),
        workflow_run_id: run,
        run_number: Math.floor(r() * 900),
        head_branch: pick(['main', 'release', 'feature/x']),
        event: pick(['push', 'schedule', 'workflow_dispatch']),
        name: pick(['ci', 'deploy', 'nightly']),
        conclusion: r() < 0.1 ? 'failure' : 'success',
        programmatic_access_type: 'GitHub App server-to-server token',
        token_id: 1_100_000 + Math.floor(r() * 100),
        user_agent: 'launch/production',
      };
    } else if (k < 0.85) {
      rec = {
        ...base,
        action: pick(['git.push', 'git.clone', 'git.fetch']),
        actor: r() < 0.5 ? pick(BOTS) : pick(PEOPLE),
        repo,
        repository: repo,
        repository_public: false,
        transport_protocol_name: 'http',
        programmatic_access_type: 'deploy_key',
        user_agent: 'git/2.43.0',
      };
    } else {
      rec = {
        ...base,
        action: pick([
          'repo.update',
          'org.update_member',
          'protected_branch.update',
          'repo.create',
          'team.add_repository',
          'hook.create',
        ]),
        actor: pick(PEOPLE),
        actor_id: 2000 + Math.floor(r() * 10),
        actor_is_bot: false,
        actor_location: { country_code: 'DE' },
        repo,
        operation_type: 'modify',
        user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0',
      };
    }
    out.push(JSON.stringify(rec));
  }
  return out;
}
