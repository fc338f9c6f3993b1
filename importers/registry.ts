// Every importer, and auto-detection: each one rates the sample; the most confident wins, generic last.
import type { FormatId } from '../core/model/event.js';
import type { Importer, Sample } from './types.js';
import { cloudtrail } from './cloudtrail.js';
import { generic } from './generic.js';
import { githubAudit } from './github-audit.js';
import { teleport } from './teleport.js';
import { auditd } from './auditd.js';
import { postgres } from './postgres.js';
import { mcpLog } from './mcp-log.js';
import { otel } from './otel.js';
import { gcpAudit } from './gcp-audit.js';
import { entraSignIn } from './entra-signin.js';
import { entraAudit } from './entra-audit.js';
import { okta } from './okta.js';
import { k8sAudit } from './k8s-audit.js';
import { vaultAudit } from './vault-audit.js';
import { ecs } from './ecs.js';

export const IMPORTERS: Importer[] = [
  cloudtrail,
  gcpAudit,
  githubAudit,
  teleport,
  entraSignIn,
  entraAudit,
  okta,
  auditd,
  k8sAudit,
  vaultAudit,
  ecs,
  postgres,
  mcpLog,
  otel,
  generic,
];

export function getImporter(id: FormatId | string): Importer | null {
  return IMPORTERS.find((i) => i.id === id) ?? null;
}

export interface ShapeHints {
  jsonLayout: 'lines' | 'stream' | null;
  csvDelimiter: string | null;
}

export function rankImporters(sample: Sample, hints: ShapeHints): { importer: Importer; confidence: number }[] {
  const out: { importer: Importer; confidence: number }[] = [];
  for (const importer of IMPORTERS) {
    if (importer.input === 'json' && !hints.jsonLayout) continue;
    if (importer.input === 'csv' && !hints.csvDelimiter) continue;
    if (importer.input === 'any' && !hints.jsonLayout && !hints.csvDelimiter) continue;
    let confidence: number;
    try {
      confidence = importer.detect(sample);
    } catch {
      confidence = 0;
    }
    if (confidence > 0) out.push({ importer, confidence });
  }
  return out.sort((a, b) => b.confidence - a.confidence);
}

export function chooseImporter(sample: Sample, hints: ShapeHints): Importer | null {
  return rankImporters(sample, hints)[0]?.importer ?? null;
}
