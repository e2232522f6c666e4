/** Process entry of the `drydock` CLI (bundled to dist/cli.js; bin/drydock requires it). */
import { setFlagsFromString } from 'node:v8';
import { EXIT_ERROR, main } from './run';

// A one-shot process gains nothing from V8 re-compiling the 1.3 MB bash grammar with TurboFan in
// the background, and exit waits for that compile (~600 ms): baseline (Liftoff) code is enough.
setFlagsFromString('--liftoff-only');

// `drydock scan . | head` closes the pipe early: not an error worth a stack trace, and the exit
// code still tells whether findings were at or above --fail-on.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`drydock: internal error: ${String(error)}\n`);
    process.exitCode = EXIT_ERROR;
  },
);
