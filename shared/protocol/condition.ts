/**
 * What the admin screen shows about the installation itself: is the data folder (or database)
 * taking commands, how much room is left, and which files were found damaged and set aside at start.
 * Served by `GET /api/admin/condition` (admin only).
 */
export interface SystemConditionView {
  /** True while commands can be taken (the same answer as /readyz). */
  ready: boolean;
  /** Why not, in Chinese (empty when ready). */
  reasons: string[];
  /** The data folder's disk; null on PostgreSQL. */
  storage: {
    freeBytes: number;
    totalBytes: number;
    /** Below this /readyz answers 503. */
    minFreeBytes: number;
    /** Well above the refusal threshold: time to make room before the show stops. */
    low: boolean;
  } | null;
  damaged: Array<{ file: string; episodeId: string | null; offset: number; problem: string; action: string; setAsideTo: string | null; foundAt: string }>;
}
