// Measured comparison of the two shell parsers the spine could use for RUN bodies.
// Prints parse speed, heredoc handling and whether node offsets map back to source text.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
const require = createRequire(import.meta.url);

const samples = [
  'apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10 \\\n    ca-certificates && rm -rf /var/lib/apt/lists/*',
  'curl -fsSL https://example.com/install.sh | sh -s -- --yes',
  'cat <<EOF > /etc/app.conf\nkey=value\nother=$HOME\nEOF\nchmod 600 /etc/app.conf',
  'cat <<-"EOF" | bash\n\techo hi\n\tEOF',
  'bash <(curl -s https://x.io/a.sh) && sh -c "$(wget -qO- https://x.io/b.sh)"',
  'for f in /opt/*.tar.gz; do tar -xzf "$f" -C /opt; done; echo "é unicode ☃" > /tmp/u',
];
const big = Array.from({ length: 200 }, (_, i) => [samples[0], samples[1], samples[4], samples[5]][i % 4]).join(' && \\\n  ');

function timeIt(fn, n) {
  for (let i = 0; i < 5; i++) fn();
  const t = [];
  for (let i = 0; i < n; i++) { const s = performance.now(); fn(); t.push(performance.now() - s); }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}
async function timeItAsync(fn, n) {
  for (let i = 0; i < 5; i++) await fn();
  const t = [];
  for (let i = 0; i < n; i++) { const s = performance.now(); await fn(); t.push(performance.now() - s); }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

// tree-sitter
let s0 = performance.now();
const { Parser, Language } = require('web-tree-sitter');
await Parser.init();
const bash = await Language.load(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
const parser = new Parser(); parser.setLanguage(bash);
const tsInit = performance.now() - s0;
const tsSmall = timeIt(() => parser.parse(samples[0]).delete(), 200);
const tsBig = timeIt(() => parser.parse(big).delete(), 50);
let tsHeredocOk = true, tsOffsetsOk = true, tsErrors = 0;
for (const s of samples) {
  const tree = parser.parse(s);
  if (tree.rootNode.hasError) tsErrors++;
  const walk = (n) => {
    if (n.type === 'command_name' && s.slice(n.startIndex, n.endIndex) !== n.text) tsOffsetsOk = false;
    for (const c of n.children) walk(c);
  };
  walk(tree.rootNode);
  if (s.includes('<<') && !/heredoc_body/.test(tree.rootNode.toString())) tsHeredocOk = false;
  tree.delete();
}

// sh-syntax
s0 = performance.now();
const sh = await import('sh-syntax');
await sh.parse('true');
const shInit = performance.now() - s0;
const shSmall = await timeItAsync(() => sh.parse(samples[0]), 200);
const shBig = await timeItAsync(() => sh.parse(big), 50);
let shHeredocOk = true, shOffsetsOk = true, shErrors = 0, shStructureLost = 0;
for (const s of samples) {
  try {
    const f = await sh.parse(s);
    const json = JSON.stringify(f);
    if (s.includes('<<') && !/Hdoc/.test(json)) shHeredocOk = false;
    // the JSON bridge drops node kinds: a pipeline's Cmd arrives without X/Y, so `curl | sh` is unreadable
    if (s.includes('| ') && !/"X":|"Y":/.test(json)) shStructureLost++;
    // mvdan/sh positions are byte offsets; check a command name maps back
    const first = f.Stmts?.[0]?.Cmd?.Args?.[0]?.Parts?.[0];
    if (first && first.ValuePos && s.slice(first.ValuePos.Offset, first.ValueEnd.Offset) !== first.Value) shOffsetsOk = false;
    if (s.includes('é')) {
      const last = f.Stmts.at(-1); // byte offsets drift after non-ASCII text
      const end = last.End?.Offset ?? last.Position?.Offset;
      if (end !== undefined && end !== s.length) shOffsetsOk = shOffsetsOk && Buffer.byteLength(s) !== s.length ? false : shOffsetsOk;
    }
  } catch { shErrors++; }
}

const row = (name, init, small, bigT, hd, off, err, api) =>
  console.log(`${name.padEnd(28)} init ${init.toFixed(1).padStart(7)} ms  small ${small.toFixed(3).padStart(7)} ms  ${'200-cmd'} ${bigT.toFixed(2).padStart(7)} ms  heredoc ${hd ? 'ok ' : 'BAD'}  offsets ${off ? 'utf16-ok' : 'bytes  '}  parse-errors ${err}/${samples.length}  ${api}`);
console.log(`shell parser comparison (node ${process.version}, median)`);
row('web-tree-sitter+bash', tsInit, tsSmall, tsBig, tsHeredocOk, tsOffsetsOk, tsErrors, 'sync parse');
row('sh-syntax (mvdan/sh wasm)', shInit, shSmall, shBig, shHeredocOk, shOffsetsOk, shErrors, `async parse, pipelines unreadable in ${shStructureLost}/${samples.filter((x) => x.includes('| ')).length}`);
