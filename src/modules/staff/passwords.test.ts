import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { assertStrongPassword } from './passwords.js';

function refusal(password: string, username = 'wang_fang'): string | undefined {
  try {
    assertStrongPassword(password, { username, displayName: '王芳' });
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).code;
  }
}

describe('password rules', () => {
  it('refuses a password that is too short or lacks letters or digits', () => {
    expect(refusal('Ab3-x')).toBe('PASSWORD_WEAK');
    expect(refusal('onlyletters-here')).toBe('PASSWORD_WEAK');
    expect(refusal('12345678901234')).toBe('PASSWORD_WEAK');
  });

  it('refuses password1 and other common passwords, also Chinese ones', () => {
    for (const common of ['password1', 'Password1', 'Passw0rd1', 'qwerty123', 'abc123456', 'woaini1314', 'Shebao123', 'xinnongbao2024']) {
      expect(refusal(common), common).toBe('PASSWORD_COMMON');
    }
  });

  it('refuses a password equal to or containing the user name, in any case', () => {
    expect(refusal('zhao_lei2024', 'zhao_lei2024')).toBe('PASSWORD_HAS_USERNAME');
    expect(refusal('Wang_Fang-88x')).toBe('PASSWORD_HAS_USERNAME');
  });

  it('accepts a password that is hard to guess', () => {
    expect(refusal('Tianliu-Clerk7')).toBeUndefined();
    expect(refusal('Demo@2024')).toBeUndefined();
  });
});
