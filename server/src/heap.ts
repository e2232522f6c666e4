/**
 * Giving back the heap a burst of work left behind. V8 grows its old generation while a workspace scan allocates
 * (thousands of short-lived syntax trees and models) and keeps those pages long after the objects on them died: after
 * a scan of 1,000 files about 50 MB is live while V8 still holds about 300 MB. An ordinary full collection frees the
 * objects but not the pages (the survivors are spread over all of them); its memory reducer compacts them only after
 * seconds of idleness. So when a scan ends the server runs one compacting collection, which moves the survivors
 * together and returns the emptied pages to the system.
 *
 * `gc` exists because the server is started with `--expose-gc` (serverProcess.ts); elsewhere (the CLI, tests that load
 * this module in-process) this does nothing. The compaction flag is read by V8 at each full collection, so it is on
 * for this one only.
 */
import { setFlagsFromString } from 'node:v8';

type Collect = () => void;

export function releaseHeapHighWaterMark(): void {
  const collect = (globalThis as { gc?: Collect }).gc;
  if (typeof collect !== 'function') return;
  setFlagsFromString('--compact-on-every-full-gc');
  try {
    collect();
  } finally {
    setFlagsFromString('--no-compact-on-every-full-gc');
  }
}
