import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../../errors/app-error.js';

/** argon2id (Algorithm.Argon2id = 2; the enum is const and not importable under isolatedModules). */
const ARGON2ID = 2;

export function assertStrongPassword(password: string, field = 'password'): void {
  if (password.length < 8 || password.length > 200 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw new AppError('PASSWORD_WEAK', 400, { field });
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the username is unknown, so both cases take the same time. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('decoy-password-0');
  return decoy;
}
