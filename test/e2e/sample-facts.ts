// Facts of the bundled sample incident read from its evidence files themselves (samples/evidence), not from the
// engine: what the end-to-end analyst job must find in the UI. samples/README.md tells the story.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ROOT } from './server';

export const SAMPLE = path.join(ROOT, 'samples', 'evidence');

interface Trail {
  eventTime?: string;
  eventName: string;
  sourceIPAddress?: string;
  userIdentity?: { arn?: string; accessKeyId?: string; sessionContext?: { sessionIssuer?: { arn?: string } } };
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
}

export interface SampleFacts {
  files: number;
  /** The GitHub machine user at the start of the chain, its addresses before its last day and the new one(s). */
  bot: string;
  botOldIps: string[];
  botNewIps: string[];
  botNewIpRecords: number;
  /** role/…gha-deploy → AssumeRole → role/…prod-admin, with the sourceIdentity that names the bot. */
  chainFrom: string;
  prodAdmin: string;
  sourceIdentity: string;
  /** The key prod-admin minted, for whom, and the StopLogging made with it. */
  mintedKey: string;
  mintedFor: string;
  mintedAt: string;
  stopLogging: { at: string; trail: string; ip: string };
  /** CloudTrail records that hold the minted key anywhere (what a search for the key finds). */
  keyRecords: number;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const text = (p: string) => (p.endsWith('.gz') ? gunzipSync(readFileSync(p)) : readFileSync(p)).toString('utf8');

function trail(all: string[]): Trail[] {
  const out: Trail[] = [];
  for (const p of all.filter((f) => f.includes(`${path.sep}aws${path.sep}`))) {
    const body = text(p);
    if (body.trimStart().startsWith('{"Records"')) out.push(...(JSON.parse(body) as { Records: Trail[] }).Records);
    else
      for (const line of body.split('\n')) {
        if (!line.trim()) continue;
        try {
          out.push(JSON.parse(line) as Trail);
        } catch {
          // The SIEM export holds no broken line, but a record without eventTime: kept, it has a key.
        }
      }
  }
  return out;
}

export function sampleFacts(): SampleFacts {
  const all = files(SAMPLE);
  const bot = 'acme-release-bot';
  const gh = all
    .filter((f) => f.includes(`${path.sep}github${path.sep}`))
    .flatMap((f) => text(f).split('\n').filter(Boolean))
    .map((l) => JSON.parse(l) as { '@timestamp': number; actor?: string; actor_ip?: string })
    .filter((r) => r.actor === bot && r.actor_ip)
    .sort((a, b) => a['@timestamp'] - b['@timestamp']);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const lastDay = day(gh[gh.length - 1]['@timestamp']);
  const before = new Set(gh.filter((r) => day(r['@timestamp']) < lastDay).map((r) => r.actor_ip!));
  const newIps = [...new Set(gh.filter((r) => !before.has(r.actor_ip!)).map((r) => r.actor_ip!))];

  const ct = trail(all);
  const assume = ct.filter(
    (r) =>
      r.eventName === 'AssumeRole' &&
      /role\/prod-admin$/.test(String(r.requestParameters?.roleArn ?? '')) &&
      r.requestParameters?.sourceIdentity,
  );
  if (assume.length !== 1) throw new Error(`expected one AssumeRole to prod-admin, found ${assume.length}`);
  const mint = ct.filter(
    (r) =>
      r.eventName === 'CreateAccessKey' &&
      /role\/prod-admin$/.test(r.userIdentity?.sessionContext?.sessionIssuer?.arn ?? ''),
  );
  if (mint.length !== 1) throw new Error(`expected one CreateAccessKey by prod-admin, found ${mint.length}`);
  const key = (mint[0].responseElements as { accessKey: { accessKeyId: string; userName: string } }).accessKey;
  const stop = ct.filter((r) => r.eventName === 'StopLogging' && r.userIdentity?.accessKeyId === key.accessKeyId);
  if (stop.length !== 1) throw new Error(`expected one StopLogging with the minted key, found ${stop.length}`);

  return {
    files: all.length,
    bot,
    botOldIps: [...before],
    botNewIps: newIps,
    botNewIpRecords: gh.filter((r) => newIps.includes(r.actor_ip!)).length,
    chainFrom: assume[0].userIdentity!.sessionContext!.sessionIssuer!.arn!,
    prodAdmin: String(assume[0].requestParameters!.roleArn),
    sourceIdentity: String(assume[0].requestParameters!.sourceIdentity),
    mintedKey: key.accessKeyId,
    mintedFor: key.userName,
    mintedAt: mint[0].eventTime!,
    stopLogging: {
      at: stop[0].eventTime!,
      trail: String(stop[0].requestParameters?.name ?? ''),
      ip: stop[0].sourceIPAddress ?? '',
    },
    keyRecords: ct.filter((r) => JSON.stringify(r).includes(key.accessKeyId)).length,
  };
}
