import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { canonicalJson } from './audit.chain.js';

/**
 * Signed checkpoints of the audit chains (decision 018): a statement, signed with a key the database never
 * sees, that an organisation's chain had a given hash at a given row at a given time. The database owner
 * can rewrite a chain and re-hash it consistently; they cannot make it match a checkpoint signed before.
 */
export interface Checkpoint {
  v: 1;
  org: string;
  seq: number;
  hash: string;
  /** When it was signed (ISO 8601). */
  at: string;
  /** The signing key's fingerprint. */
  key: string;
  /** Ed25519 signature over the other fields' canonical JSON, base64. */
  sig: string;
}

/** What the key signs: every field but the signature, with sorted keys. */
const signed = (c: Omit<Checkpoint, 'sig'>) =>
  Buffer.from(canonicalJson({ v: c.v, org: c.org, seq: c.seq, hash: c.hash, at: c.at, key: c.key }));

/** A key's fingerprint: the first 16 hex digits of the SHA-256 of its public key (SPKI, DER). */
export function fingerprint(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(pub.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

export function signCheckpoint(
  privateKey: KeyObject,
  head: { org: string; seq: number; hash: string },
  at: Date,
): Checkpoint {
  const body = { v: 1 as const, ...head, at: at.toISOString(), key: fingerprint(privateKey) };
  return { ...body, sig: sign(null, signed(body), privateKey).toString('base64') };
}

export function checkSignature(publicKey: KeyObject, c: Checkpoint): boolean {
  try {
    return verify(null, signed(c), publicKey, Buffer.from(c.sig, 'base64'));
  } catch {
    return false;
  }
}

const HEX64 = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One line of the checkpoint file, or null when it is not a well-formed checkpoint. */
export function parseCheckpoint(line: string): Checkpoint | null {
  try {
    const c = JSON.parse(line) as Partial<Checkpoint>;
    const ok =
      c.v === 1 &&
      typeof c.org === 'string' &&
      UUID.test(c.org) &&
      Number.isSafeInteger(c.seq) &&
      (c.seq as number) > 0 &&
      typeof c.hash === 'string' &&
      HEX64.test(c.hash) &&
      typeof c.at === 'string' &&
      !Number.isNaN(Date.parse(c.at)) &&
      typeof c.key === 'string' &&
      typeof c.sig === 'string';
    return ok ? (c as Checkpoint) : null;
  } catch {
    return null;
  }
}

/** A new Ed25519 private key as PKCS#8 PEM. */
export function newSigningKey(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** An Ed25519 private key from PEM; a setting may hold it with `\n` for its line breaks. */
export function readPrivateKey(pem: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem.replace(/\\n/g, '\n'));
  } catch {
    throw new Error(`${where} is not a private key in PEM form (-----BEGIN PRIVATE KEY-----).`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`${where} is a ${key.asymmetricKeyType} key; audit checkpoints are signed with Ed25519.`);
  return key;
}

export function readPublicKey(pem: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new Error(`${where} is not a public key in PEM form (-----BEGIN PUBLIC KEY-----).`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${where} is not an Ed25519 key.`);
  return key;
}

export const publicPem = (key: KeyObject) =>
  (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'pem' }).toString();
