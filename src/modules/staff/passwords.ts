import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../../errors/app-error.js';
import { COMMON_PASSWORDS_ZH } from './common-passwords-zh.js';

/** argon2id (Algorithm.Argon2id = 2; the enum is const and not importable under isolatedModules). */
const ARGON2ID = 2;

export const PASSWORD_MIN_LENGTH = 8;
const PASSWORD_MAX_LENGTH = 200;
/**
 * zxcvbn score 2: about a million guesses or more. With argon2id and the lock-out (a few attempts per
 * address and day) that is out of reach online; a stricter score would refuse the documented demo password.
 */
const MIN_SCORE = 2;

let estimator: ZxcvbnFactory | undefined;
function strength(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...dictionary, 'passwords-zh': [...COMMON_PASSWORDS_ZH] },
    graphs: adjacencyGraphs,
  });
  return estimator;
}

export interface PasswordOwner {
  readonly username: string;
  readonly displayName?: string | undefined;
}

/**
 * The password rules, wherever a password is set: 8 to 200 characters with letters and digits, not
 * containing the user name, and not a common password or an easily guessed pattern of one (zxcvbn,
 * with the user name and display name counted as known words).
 */
export function assertStrongPassword(password: string, owner: PasswordOwner, field = 'password'): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw new AppError('PASSWORD_WEAK', 400, { field });
  }
  if (password.toLowerCase().includes(owner.username.toLowerCase())) {
    throw new AppError('PASSWORD_HAS_USERNAME', 400, { field });
  }
  const userInputs = [owner.username, ...(owner.displayName ? [owner.displayName] : [])];
  if (strength().check(password, userInputs).score < MIN_SCORE) {
    throw new AppError('PASSWORD_COMMON', 400, { field });
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
