// The policy engine is pure: its modules import only each other (no node:, no packages, nothing from the
// rest of src/) and read no clock, randomness or environment. Tests may use vitest, fast-check and node:fs.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const RULES = dirname(fileURLToPath(import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every module specifier: static imports and re-exports, dynamic import(), require(). */
export function specifiers(code: string): string[] {
  const found: string[] = [];
  for (const re of [/\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\b(?:import|require)\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g]) {
    for (const m of code.matchAll(re)) found.push(m[1]!);
  }
  return found;
}

const files = sourceFiles(RULES);

describe('src/rules is pure', () => {
  it('finds the engine modules', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(specifiers(`import { a } from './a.js';\nexport * from "../b.js";\nconst c = await import('node:fs');\nimport 'x';`)).toEqual(['./a.js', '../b.js', 'x', 'node:fs']);
  });

  it.each(files.map((f) => [relative(RULES, f), f]))('%s imports only modules inside src/rules', (_name, file) => {
    const outside = specifiers(readFileSync(file, 'utf8')).filter((s) => {
      if (!s.startsWith('.')) return true; // a package or node: builtin
      return relative(RULES, resolve(dirname(file), s)).startsWith('..');
    });
    expect(outside).toEqual([]);
  });

  it.each(files.map((f) => [relative(RULES, f), f]))('%s reads no clock, randomness or environment', (_name, file) => {
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(code).not.toMatch(/\bnew Date\(|\bDate\.now\(|Math\.random\(|\bprocess\.|\bglobalThis\.|\bfetch\(|\bconsole\./);
  });
});
