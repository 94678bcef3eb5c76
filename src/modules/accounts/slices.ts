/**
 * Chunk sizes for a batch job that shares the database with requests (JobRunner). With a time budget, each chunk's
 * size is chosen from the time the chunks before it took per item, so one chunk's transaction lasts about `sliceMs`
 * milliseconds: on PGlite (one connection) a request waits at most that long for the job's transaction in hand.
 * Without a budget every chunk has the configured size.
 */
export class ChunkSizer {
  #size: number;

  /**
   * @param max the configured chunk size (JOB_CHUNK_SIZE): pensions or accounts per transaction, never exceeded.
   * @param sliceMs the time budget of one chunk in milliseconds, or undefined for fixed chunks of `max`.
   * @param min the smallest chunk, so the per-chunk overhead never dominates (default 25, or `max` if smaller).
   */
  constructor(
    private readonly max: number,
    private readonly sliceMs: number | undefined,
    private readonly min = Math.min(25, max),
  ) {
    // The first chunk is small: the time per item is not known yet.
    this.#size = sliceMs === undefined ? max : Math.min(max, Math.max(this.min, 100));
  }

  /** How many items the next chunk takes. */
  get size(): number {
    return this.#size;
  }

  /** Records that a chunk of `items` took `ms` milliseconds; the next size aims at the budget (at most doubling). */
  record(items: number, ms: number): void {
    if (this.sliceMs === undefined || items === 0) return;
    const perItem = Math.max(ms, 0.1) / items;
    const aim = Math.floor(this.sliceMs / perItem);
    this.#size = Math.max(this.min, Math.min(this.max, aim, this.#size * 2));
  }
}

/** Items (accounts, pensions) a job's engine handles between two turns of the event loop inside a chunk. */
export const YIELD_EVERY = 200;

/** A turn of the event loop, so sockets are read between two chunks of a job (and inside a big one). */
export function yieldToRequests(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
