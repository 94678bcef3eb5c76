/**
 * The generation of this process's session state: bumped after any transaction that ends sessions or changes a
 * staff member, so that sessions cached by `resumeSession` (sessions.ts) are read again from the database.
 */
let generation = 0;

/** The current generation: a session cached in an older one is not answered from memory. */
export function sessionGeneration(): number {
  return generation;
}

/**
 * Forgets every cached session of this process: called after a transaction that ends sessions or changes a staff
 * member (sign-out, password change or reset, disabling, role or region change), so the next request reads the
 * database. Another server process on the same database sees such a change within `SESSION_CACHE_SECONDS`.
 */
export function sessionsChanged(): void {
  generation += 1;
}
