/**
 * Work written as a generator that yields between its steps (a parse, an analysis) so the language server can serve
 * other messages in between; the CLI and every other caller run it to the end with `runToEnd`, through the same code.
 */

/** Runs stepwise work without pausing and returns its result. */
export function runToEnd<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
