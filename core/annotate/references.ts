// Framework references a finding may cite. Stored as the short id ("NHI5", "DE.AE-02", "ASI03"); the title is
// looked up here for pickers and for the report. Free text is allowed too: an internal control id, a CVE.
export interface Reference {
  id: string;
  framework: string;
  title: string;
}

const NHI = 'OWASP Non-Human Identities Top 10 (2025)';
const CSF = 'NIST CSF 2.0';
const ASI = 'OWASP Top 10 for Agentic Applications (2026)';

export const REFERENCES: Reference[] = [
  { id: 'NHI1', framework: NHI, title: 'Improper Offboarding' },
  { id: 'NHI2', framework: NHI, title: 'Secret Leakage' },
  { id: 'NHI3', framework: NHI, title: 'Vulnerable Third-Party NHI' },
  { id: 'NHI4', framework: NHI, title: 'Insecure Authentication' },
  { id: 'NHI5', framework: NHI, title: 'Overprivileged NHI' },
  { id: 'NHI6', framework: NHI, title: 'Insecure Cloud Deployment Configurations' },
  { id: 'NHI7', framework: NHI, title: 'Long-Lived Secrets' },
  { id: 'NHI8', framework: NHI, title: 'Environment Isolation' },
  { id: 'NHI9', framework: NHI, title: 'NHI Reuse' },
  { id: 'NHI10', framework: NHI, title: 'Human Use of NHI' },
  {
    id: 'DE.AE-02',
    framework: CSF,
    title: 'Potentially adverse events are analyzed to better understand associated activities',
  },
  { id: 'DE.AE-03', framework: CSF, title: 'Information is correlated from multiple sources' },
  { id: 'DE.AE-04', framework: CSF, title: 'The estimated impact and scope of adverse events are understood' },
  { id: 'DE.AE-06', framework: CSF, title: 'Information on adverse events is provided to authorized staff and tools' },
  {
    id: 'DE.AE-07',
    framework: CSF,
    title: 'Cyber threat intelligence and other contextual information are integrated into the analysis',
  },
  {
    id: 'DE.AE-08',
    framework: CSF,
    title: 'Incidents are declared when adverse events meet the defined incident criteria',
  },
  {
    id: 'RS.AN-03',
    framework: CSF,
    title: 'Analysis is performed to establish what has taken place during an incident and the root cause',
  },
  {
    id: 'RS.AN-06',
    framework: CSF,
    title:
      'Actions performed during an investigation are recorded, and the records\u2019 integrity and provenance are preserved',
  },
  {
    id: 'RS.AN-07',
    framework: CSF,
    title: 'Incident data and metadata are collected, and their integrity and provenance are preserved',
  },
  { id: 'RS.AN-08', framework: CSF, title: 'An incident\u2019s magnitude is estimated and validated' },
  { id: 'ASI01', framework: ASI, title: 'Agent Goal Hijack' },
  { id: 'ASI02', framework: ASI, title: 'Tool Misuse and Exploitation' },
  { id: 'ASI03', framework: ASI, title: 'Identity and Privilege Abuse' },
  { id: 'ASI04', framework: ASI, title: 'Agentic Supply Chain Vulnerabilities' },
  { id: 'ASI05', framework: ASI, title: 'Unexpected Code Execution' },
  { id: 'ASI06', framework: ASI, title: 'Memory and Context Poisoning' },
  { id: 'ASI07', framework: ASI, title: 'Insecure Inter-Agent Communication' },
  { id: 'ASI08', framework: ASI, title: 'Cascading Failures' },
  { id: 'ASI09', framework: ASI, title: 'Human-Agent Trust Exploitation' },
  { id: 'ASI10', framework: ASI, title: 'Rogue Agents' },
];

const byId = new Map(REFERENCES.map((r) => [r.id.toUpperCase(), r]));

/** Accepts "NHI5", "nhi5:2025", "NHI-5", "de.ae-2"; returns the canonical id, or the trimmed text when unknown. */
export function normalizeReference(s: string): string {
  const t = s.trim();
  const nhi = /^NHI[-\s]?0*(\d{1,2})(?::\d{4})?$/i.exec(t);
  if (nhi && byId.has(`NHI${Number(nhi[1])}`)) return `NHI${Number(nhi[1])}`;
  const asi = /^ASI[-\s]?0*(\d{1,2})$/i.exec(t);
  if (asi) {
    const id = `ASI${String(Number(asi[1])).padStart(2, '0')}`;
    if (byId.has(id)) return id;
  }
  const csf = /^(DE\.AE|RS\.AN)-0*(\d{1,2})$/i.exec(t);
  if (csf) {
    const id = `${csf[1].toUpperCase()}-${String(Number(csf[2])).padStart(2, '0')}`;
    if (byId.has(id)) return id;
  }
  return t;
}

export function describeReference(id: string): Reference | null {
  return byId.get(id.toUpperCase()) ?? null;
}
