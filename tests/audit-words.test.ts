// The audit log in words: every action and entity the server writes has its words in both languages, and the
// actor reads as a name with a role.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_WORDS, AUDIT_ENTITY_WORDS, auditActionText, auditActorText, auditEntityText, ROLE_WORDS } from '../src/modules/audit/words.js';
import { ROLES } from '../src/modules/staff/roles.js';
import { latinWords } from './support/latin.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

/** The files that write audit rows, and the action and entity codes they name. */
function writtenCodes(): { actions: Set<string>; entities: Set<string> } {
  const actions = new Set<string>();
  const entities = new Set<string>();
  for (const file of sourceFiles('src').filter((f) => !f.includes('/demo/'))) {
    const text = readFileSync(file, 'utf8');
    if (!/appendAudit\(|recordAudit\(|stepPayroll\(/.test(text)) continue;
    for (const m of text.matchAll(/'((?:auth|access|region|user|resident|enrolment|contribution|job|pension|payroll|fund|death|audit|publicity|export|crosscheck)\.[a-z_]+)'/g)) actions.add(m[1]!);
    for (const m of text.matchAll(/entity: '([a-z_]+)'/g)) entities.add(m[1]!);
    if (text.includes('`enrolment.${stage}.${decision.approve ?')) {
      for (const stage of ['township', 'county']) for (const d of ['approve', 'reject']) actions.add(`enrolment.${stage}.${d}`);
    }
  }
  return { actions, entities };
}

describe('the words of the audit log', () => {
  const { actions, entities } = writtenCodes();

  it('has words for every action and entity the server writes', () => {
    expect(actions.size).toBeGreaterThan(30);
    expect([...actions].filter((a) => !(a in AUDIT_ACTION_WORDS))).toEqual([]);
    expect([...entities].filter((e) => !(e in AUDIT_ENTITY_WORDS))).toEqual([]);
    expect(ROLES.filter((r) => !(r in ROLE_WORDS))).toEqual([]);
  });

  it('says them in Chinese without a code, and in English', () => {
    for (const table of [AUDIT_ACTION_WORDS, AUDIT_ENTITY_WORDS, ROLE_WORDS]) {
      for (const words of Object.values(table)) {
        expect(latinWords(words['zh-CN'])).toEqual([]);
        expect(words.en).toMatch(/^[A-Z][a-z]/);
      }
    }
    expect(auditActionText('enrolment.township.approve', 'zh-CN')).toBe('乡镇初审通过参保申请');
    expect(auditActionText('payroll.bank_file', 'en')).toBe('Bank payment file downloaded');
    expect(auditEntityText('enrolment_application', 'zh-CN')).toBe('参保登记申请');
    expect(auditActionText('something.new', 'zh-CN')).toBe('其他操作');
  });

  it('names the actor with the role, the system as such', () => {
    expect(auditActorText({ name: '王秀英', username: 'wangxy', role: 'benefit_reviewer', userId: 3 }, 'zh-CN')).toBe('王秀英（待遇审批员）');
    expect(auditActorText({ name: '王秀英', username: 'wangxy', role: 'benefit_reviewer', userId: 3 }, 'en')).toBe('王秀英 (Benefit reviewer)');
    expect(auditActorText({ name: null, username: 'system', role: null, userId: null }, 'zh-CN')).toBe('系统');
  });
});
