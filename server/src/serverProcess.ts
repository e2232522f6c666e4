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
 *
 * `--no-allocation-site-pretenuring`: an analysis's model is alive at every young-generation collection that falls
 * inside the analysis, so V8 judges the places that allocate it long-lived and starts allocating there straight into
 * the old generation. Those models die one keystroke later all the same, and until a full collection frees them their
 * pointers into the young generation keep younger objects alive, which are promoted in turn. Over 1,200 keystroke
 * analyses of the load test's Dockerfile (`--trace-gc-nvp`): about 550 KB promoted per scavenge and 19 full
 * collections with it, about 40 KB and 2 without, and 6.1–6.9 ms per analysis instead of 6.7–8.5. It pays only
 * because no model outlives its analysis (memo.ts, engine.ts): with the flag and a model kept past its analysis,
 * about 800 KB was promoted per scavenge. The CLI does without it: it analyses each file once, and its scan of 1,000
 * generated files took as long either way (9.4–11.4 s).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--expose-gc', '--no-allocation-site-pretenuring'];
