// The `k8s-audit` format, declared once: see importers/descriptor.ts for what each field means.
import { defineFormat } from '../descriptor.js';

export const format = defineFormat({
  id: 'k8s-audit',
  title: 'Kubernetes audit log',
  reads: 'Kubernetes audit events (`audit.k8s.io/v1`), AKS diagnostic wrapper, EKS',
  system: 'k8s',
  statedAliasMethod: 'eks-user-extra',
  states: { auth: false, actions: true },
  sessionKey: {
    fields: [
      'user.extra["authentication.kubernetes.io/credential-id"]',
      'user.extra.accessKeyId',
      'user.extra["authentication.kubernetes.io/pod-uid"]',
    ],
    lifetime: 'session',
  },
  cannotRepresent: [
    "Audit policy changes happen in the apiserver's flags and files, never through the API: this log cannot show them.",
    '`user.groups`, most annotations and request/response bodies stay in raw (searchable).',
  ],
  exportHow: [
    'kube-apiserver `--audit-log-path` with an `--audit-policy-file`',
    'EKS control-plane logging (CloudWatch export)',
    'AKS diagnostic settings `kube-audit`',
  ],
  corpus: { folders: ['k8s-audit'] },
  load: async () => (await import('./importer.js')).importer,
});
