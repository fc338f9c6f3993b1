// Synthetic unified audit records (Management Activity API JSON lines) for the importer bench: app-only mail
// access through Graph (MailItemsAccessed with listed items), people reading mail and files in their sessions,
// SharePoint downloads, sign-ins and Exchange cmdlets.
import { prng, uuid } from '../../bench/lib/random.js';

const TENANT = '0c4f6e2a-7d1b-4e8a-9c3f-2b5d8e1a4f70';
const GRAPH = '00000003-0000-0000-c000-000000000000';

export function generate(n: number, seed: number): string[] {
  const rnd = prng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
  const apps = [0, 1, 2].map(() => uuid(rnd));
  const users = ['alice', 'bob', 'carol', 'dave'].map((u) => ({ upn: `${u}@contoso.example`, session: uuid(rnd) }));
  const mailboxes = ['ceo', 'cfo', 'legal', 'hr'].map((m) => `${m}@contoso.example`);
  const out: string[] = [];
  let t = Date.parse('2026-03-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    t += Math.floor(rnd() * 2500);
    const creation = new Date(t).toISOString().slice(0, 19);
    const hour = Math.floor(t / 3_600_000);
    const ip = rnd() < 0.95 ? `20.${i % 200}.${(i >> 5) % 250}.${(i >> 9) % 250}` : '203.0.113.66';
    const base = { CreationTime: creation, Id: uuid(rnd), OrganizationId: TENANT, Version: 1 };
    const r = rnd();
    let rec: Record<string, unknown>;
    if (r < 0.35) {
      const app = pick(apps);
      const items = 1 + Math.floor(rnd() * 6);
      rec = {
        ...base,
        Operation: 'MailItemsAccessed',
        RecordType: 50,
        ResultStatus: 'Succeeded',
        UserKey: app,
        UserType: 5,
        Workload: 'Exchange',
        UserId: pick(mailboxes),
        AppId: GRAPH,
        ClientAppId: app,
        ClientIPAddress: ip,
        AppAccessContext: {
          APIId: GRAPH,
          ClientAppId: app,
          IssuedAtTime: new Date(hour * 3_600_000).toISOString().slice(0, 19),
          UniqueTokenId: `tok${hour}${app.slice(0, 8)}`,
        },
        OperationCount: items,
        OperationProperties: [
          { Name: 'MailAccessType', Value: 'Bind' },
          { Name: 'IsThrottled', Value: 'False' },
        ],
        Folders: [
          {
            Id: 'LgAAAAAM7KyTTmWeRac2KXBEz',
            Path: '\\Inbox',
            FolderItems: Array.from({ length: items }, (_, k) => ({
              InternetMessageId: `<m${i}.${k}@mail.contoso.example>`,
              SizeInBytes: 2000 + Math.floor(rnd() * 90000),
            })),
          },
        ],
      };
      rec.MailboxOwnerUPN = rec.UserId;
    } else if (r < 0.6) {
      const u = pick(users);
      rec = {
        ...base,
        Operation: pick(['FileAccessed', 'FileDownloaded', 'FileModified', 'FilePreviewed']),
        RecordType: 6,
        UserKey: `i:0h.f|membership|${u.session.slice(0, 16)}@live.com`,
        UserType: 0,
        Workload: pick(['SharePoint', 'OneDrive']),
        ClientIP: ip,
        UserId: u.upn,
        ObjectId: `https://contoso.sharepoint.com/sites/Finance/Shared Documents/report-${i % 300}.xlsx`,
        FileSizeBytes: 10000 + Math.floor(rnd() * 5_000_000),
        AppAccessContext: { AADSessionId: u.session, UniqueTokenId: `tok${hour}${u.session.slice(0, 6)}` },
        UserAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/122.0',
      };
    } else if (r < 0.8) {
      const u = pick(users);
      const fail = rnd() < 0.1;
      rec = {
        ...base,
        Operation: fail ? 'UserLoginFailed' : 'UserLoggedIn',
        RecordType: 15,
        ResultStatus: fail ? 'Failed' : 'Success',
        UserKey: `${u.session.slice(0, 16)}@contoso.onmicrosoft.com`,
        UserType: 0,
        Workload: 'AzureActiveDirectory',
        ClientIP: ip,
        UserId: u.upn,
        ObjectId: GRAPH,
        ApplicationId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
        ...(fail ? { LogonError: 'InvalidUserNameOrPassword' } : {}),
        ExtendedProperties: [{ Name: 'UserAgent', Value: 'Mozilla/5.0 (Macintosh) Safari/605.1.15' }],
      };
    } else {
      const u = pick(users);
      rec = {
        ...base,
        Operation: pick(['Set-Mailbox', 'New-InboxRule', 'Add-MailboxPermission', 'Get-Mailbox']),
        RecordType: 1,
        ResultStatus: 'True',
        UserKey: u.session.slice(0, 16),
        UserType: 2,
        Workload: 'Exchange',
        ClientIP: `${ip}:${40000 + (i % 20000)}`,
        ObjectId: pick(mailboxes).split('@')[0],
        UserId: u.upn,
        Parameters: [{ Name: 'Identity', Value: pick(mailboxes) }],
      };
    }
    out.push(JSON.stringify(rec));
  }
  return out;
}
