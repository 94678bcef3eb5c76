/**
 * Stored explanations with their parameter citations kept once (issue 13, migration 0027): a step's citations are
 * written to `explanation_citation`, addressed by the md5 of their JSON text, and the stored step names them by
 * that hash. A county's awards cite the same dozen parameter values, so an award's stored explanation shrinks from
 * about 6 KB to the person's own steps, and the citations are written once per batch (not once per pension).
 * Reading back puts the citations in again, exactly as they were written.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Explanation, ParameterCitation, ParameterSet } from '../../rules/index.js';
import { restoreExplanation } from './render.js';

/** A step as stored: its citations by hash (or, in rows written before migration 0027, written out). */
type StoredStep = Omit<Explanation[number], 'parameters'> & { parameters?: readonly (string | object)[] };

/**
 * Collects the citations of many explanations and turns each explanation into its stored form. One per batch
 * (an award of any size): `compact` for each explanation, then `save` once in the batch's transaction, before or
 * after the rows that name the citations (nothing references the table by key).
 */
export class CitationStore {
  /** JSON text of a citation → its hash; and hash → the JSON text not yet saved. */
  private readonly hashOf = new Map<string, string>();
  private readonly unsaved = new Map<string, string>();

  /** The explanation as it is stored (JSON text for a jsonb column): its citations replaced by their hashes. */
  compact(explanation: Explanation): string {
    const steps: StoredStep[] = explanation.map((step) => (step.parameters ? { ...step, parameters: step.parameters.map((c) => this.hash(c)) } : step));
    return JSON.stringify(steps);
  }

  private hash(citation: ParameterCitation): string {
    const text = JSON.stringify(citation);
    let h = this.hashOf.get(text);
    if (h === undefined) {
      h = createHash('md5').update(text).digest('hex');
      this.hashOf.set(text, h);
      this.unsaved.set(h, text);
    }
    return h;
  }

  /** Writes the citations not written yet (one statement; a citation already in the table is left as it is). */
  async save(tx: Kysely<DB>): Promise<void> {
    if (this.unsaved.size === 0) return;
    const hashes = [...this.unsaved.keys()];
    const texts = [...this.unsaved.values()];
    await sql`insert into explanation_citation (hash, citation)
              select u.hash, u.citation::jsonb from unnest(${hashes}::text[], ${texts}::text[]) as u(hash, citation)
              on conflict (hash) do nothing`.execute(tx);
    this.unsaved.clear();
  }
}

/**
 * A stored explanation read back (jsonb as the driver returns it, object or text): the citations named by hash
 * fetched from `explanation_citation` (one query), then brought to the current shape by restoreExplanation.
 * A hash that is missing from the table (never expected: rows are never removed) leaves the step without it.
 */
export async function loadExplanation(db: Kysely<DB>, stored: unknown, params?: ParameterSet): Promise<Explanation> {
  const value = typeof stored === 'string' ? (JSON.parse(stored) as unknown) : stored;
  if (!Array.isArray(value)) return [];
  const steps = value as StoredStep[];
  const hashes = [...new Set(steps.flatMap((s) => (s.parameters ?? []).filter((c): c is string => typeof c === 'string')))];
  if (hashes.length === 0) return restoreExplanation(steps, params);
  const rows = await sql<{ hash: string; citation: unknown }>`select hash, citation from explanation_citation where hash = any(${hashes}::text[])`.execute(db);
  const byHash = new Map(rows.rows.map((r) => [r.hash, typeof r.citation === 'string' ? (JSON.parse(r.citation) as object) : (r.citation as object)]));
  const full = steps.map((s) =>
    s.parameters ? { ...s, parameters: s.parameters.flatMap((c) => (typeof c === 'string' ? (byHash.has(c) ? [byHash.get(c)!] : []) : [c])) } : s,
  );
  return restoreExplanation(full, params);
}
