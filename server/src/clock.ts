/**
 * The date of judgement for date-dependent rules (end of life). The core has no clock; both shells
 * take the date from here, so the editor and the CLI agree. `DRYDOCK_TODAY=YYYY-MM-DD` pins it for
 * reproducible CI runs and tests.
 */
export function todayIso(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): string {
  const pinned = env.DRYDOCK_TODAY;
  if (pinned && /^\d{4}-\d{2}-\d{2}$/.test(pinned) && !Number.isNaN(Date.parse(pinned))) return pinned;
  return now.toISOString().slice(0, 10);
}
