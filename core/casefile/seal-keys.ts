// Each analyst's Ed25519 sealing key, kept in the user's config folder — never in a case. The public half goes
// into every seal, so anyone can check a signature; only the holder of this file can make one.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';

/** SESSIONSCOPE_CONFIG_DIR, else the platform's per-user config folder. */
export function configDir(): string {
  if (process.env.SESSIONSCOPE_CONFIG_DIR) return path.resolve(process.env.SESSIONSCOPE_CONFIG_DIR);
  const home = os.homedir();
  if (process.platform === 'win32')
    return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'SessionScope');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'SessionScope');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'sessionscope');
}

function keyFile(analyst: string): string {
  const slug = analyst.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'analyst';
  const tag = createHash('sha256').update(analyst).digest('hex').slice(0, 8);
  return path.join(configDir(), 'keys', `${slug}-${tag}.ed25519.pem`);
}

export interface SealKey {
  privateKey: KeyObject;
  /** base64 of the raw 32-byte public key. */
  publicKey: string;
  file: string;
}

/** The raw public key of an Ed25519 key object, base64. */
export function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' }) as { x: string };
  return Buffer.from(jwk.x, 'base64url').toString('base64');
}

export function publicKeyObject(raw: string): KeyObject {
  const bytes = Buffer.from(raw, 'base64');
  if (bytes.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: bytes.toString('base64url') }, format: 'jwk' });
}

/** A short, stable name of a public key: the first 128 bits of its SHA-256, hex in groups of four. */
export function fingerprint(raw: string): string {
  const h = createHash('sha256').update(Buffer.from(raw, 'base64')).digest('hex').slice(0, 32);
  return h.match(/.{4}/g)!.join(':');
}

function readKey(file: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(file));
  } catch (e) {
    throw new UserError('INVALID_PARAMS', `sealing key ${file} is unreadable: ${(e as Error).message.split('\n')[0]}`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new UserError('INVALID_PARAMS', `sealing key ${file} is not an Ed25519 key`);
  return key;
}

/** The analyst's key, created (0600, in a 0700 folder) on first use. */
export function sealKey(analyst: string): SealKey {
  const file = keyFile(analyst);
  let privateKey: KeyObject;
  if (existsSync(file)) privateKey = readKey(file);
  else {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    chmodSync(path.dirname(file), 0o700);
    privateKey = generateKeyPairSync('ed25519').privateKey;
    try {
      writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      // Another process made it first: that key is the analyst's.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      privateKey = readKey(file);
    }
  }
  return { privateKey, publicKey: rawPublicKey(createPublicKey(privateKey)), file };
}
