import { z } from '@hono/zod-openapi';
import { recordAudit } from '../modules/audit/service.js';
import { countyCodeOf } from '../rules/region-code.js';
import { assertPermission } from './access.js';
import { auditActor, currentUser, type AppContext } from './context.js';

/**
 * The query flag of every Excel export that lists people: `idNumbers=full` asks for the whole ID numbers, which
 * only a role with `residents:export_full_id` gets (each such file audited); anything else is masked.
 */
export const IdNumbersQuery = {
  idNumbers: z
    .enum(['masked', 'full'])
    .optional()
    .openapi({ description: 'full: the whole 18-character ID numbers (permission residents:export_full_id, else 403 EXPORT_FULL_ID_FORBIDDEN; each file is audited as export.full_id); default masked' }),
};

/** Where the people of an export are kept: residents, or enrolment applications (not yet residents). */
export type IdNumberSource = 'resident' | 'enrolment_application';

/** The ID number cell of a row: from its key (resident or application id) and the masked number the list has. */
export type IdNumberCell = (key: number, masked: string) => string;

/** The ID number column of one export request (see `idNumberColumn`). */
export interface IdNumberColumn {
  /** The file carries the whole numbers. */
  readonly full: boolean;
  /** The cells for rows with these keys; without `full` the masked numbers, read from nowhere. */
  cells(source: IdNumberSource, keys: readonly number[]): Promise<IdNumberCell>;
  /** Writes the `export.full_id` audit row of a file of `rows` rows; nothing for a masked file. */
  record(rows: number): Promise<void>;
  /** `cells` then `record(keys.length)`: for an export whose rows are all at hand. */
  reveal(source: IdNumberSource, keys: readonly number[]): Promise<IdNumberCell>;
}

/** ID numbers read per query: well under PostgreSQL's 65,535 parameters. */
const LOOKUP_CHUNK = 10_000;

/**
 * The ID number column of a person export, one helper for every such route. Call it first, with the export's
 * name (its sheet title) and the request's filters (the validated query, and a month taken from the path; the
 * flag itself is left out of the audit row): with `idNumbers=full` the user's role must hold
 * `residents:export_full_id`, else 403 EXPORT_FULL_ID_FORBIDDEN (and an `access.denied` audit row) before any
 * data is read. Then `cells` gives the column (the whole numbers are read by key from the user's county only
 * when asked for and allowed), and `record` the audit row (`export.full_id`, entity the route, with the export's
 * name, the filters and the row count), written in this request before the file is sent. Masked files are
 * neither looked up nor audited.
 */
export async function idNumberColumn(c: AppContext, exportName: string, query: { readonly idNumbers?: 'masked' | 'full' | undefined; readonly [filter: string]: unknown }): Promise<IdNumberColumn> {
  const full = query.idNumbers === 'full';
  if (full) await assertPermission(c, 'residents:export_full_id', 'EXPORT_FULL_ID_FORBIDDEN');
  const db = c.var.deps.database.db;
  const countyCode = countyCodeOf(currentUser(c).regionCode);
  const { idNumbers: _flag, ...filters } = query;

  const cells = async (source: IdNumberSource, keys: readonly number[]): Promise<IdNumberCell> => {
    if (!full) return (_key, masked) => masked;
    const whole = new Map<number, string>();
    for (let i = 0; i < keys.length; i += LOOKUP_CHUNK) {
      const chunk = keys.slice(i, i + LOOKUP_CHUNK);
      const rows = await db
        .selectFrom(source)
        .select(['id', 'id_number'])
        .where('county_code', '=', countyCode)
        .where('id', 'in', chunk)
        .execute();
      for (const r of rows) whole.set(r.id, r.id_number);
    }
    return (key, masked) => whole.get(key) ?? masked;
  };
  const record = async (rows: number): Promise<void> => {
    if (!full) return;
    await recordAudit(db, auditActor(c), {
      action: 'export.full_id',
      entity: 'route',
      entityId: `${c.req.method} ${c.req.path}`,
      after: { export: exportName, filters, rows },
    });
  };
  return {
    full,
    cells,
    record,
    reveal: async (source, keys) => {
      const cell = await cells(source, keys);
      await record(keys.length);
      return cell;
    },
  };
}
