/**
 * Yielding to the client's messages between slices of background work. vscode-jsonrpc queues what it reads and
 * handles one message per turn of the event loop, so a loop that yields one turn between slices (an analysis, the
 * warm-up, a workspace scan) lets one message through per slice: after a burst of twenty didChange notifications the
 * last one waited twenty slices — 50 ms and more — before its debounce even started, and a hover behind them as long.
 * `yieldToMessages` keeps yielding while messages are being handled, so the queue drains before the next slice.
 *
 * The count comes from the connection's message strategy (`messageStrategy`, passed to createConnection in main.ts).
 * Without it (tests that build a validator around a fake connection) `yieldToMessages` is two plain turns.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { MessageStrategy } from 'vscode-languageserver';

let handled = 0;

/** Counts the messages the connection handles. */
export const messageStrategy: MessageStrategy = {
  handleMessage(message, next) {
    handled++;
    return next(message);
  },
};

/** At most this many turns per yield: a client flooding the server still leaves the background work its slices. */
const MAX_TURNS = 64;

/**
 * Yields to the event loop until a turn passes in which no message was handled (at most MAX_TURNS turns). Two turns
 * at least: a message read while the slice ran is dispatched from an immediate queued after the first one.
 */
export async function yieldToMessages(): Promise<void> {
  for (let turns = 0; turns < MAX_TURNS; turns += 2) {
    const before = handled;
    await nextTurn();
    await nextTurn();
    if (handled === before) return;
  }
}
