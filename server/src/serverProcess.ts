/**
 * Node flags of the language server process, shared by the extension that starts it (client/src/extension.ts) and
 * the tests that start it the same way (test/lsp/harness.ts).
 *
 * `--max-semi-space-size=4`: V8's young generation grows to two 16 MB semi-spaces (over 32 MB committed) under the
 * allocation rate of an analysis burst — a workspace scan — and keeps them. A language server allocates in short
 * bursts of short-lived objects; 4 MB semi-spaces cost no measurable analysis time (`npm run bench`) and take the
 * server's RSS after a scan of 1,000 files from about 208 MB to about 183 MB (`npm run loadtest`). It cannot be set
 * from inside the process: V8 sizes the heap before any code runs.
 *
 * `--expose-gc`: when a workspace scan ends the server runs one compacting full collection (heap.ts), which hands the pages
 * the scan's garbage grew back to the system instead of keeping V8's high-water mark (`npm run loadtest`: about 270 MB
 * → about 170 MB of RSS a second after a scan of 1,000 files). Nothing else calls it.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--expose-gc'];
