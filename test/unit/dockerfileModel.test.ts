import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadShellParser } from '../../server/src/shellParserLoader';
import { parseDockerfile, shellViewOfRun, substituteVariables, variablesInScope } from '../../server/src/core/documents/dockerfile';
import type { ShellParser } from '../../server/src/core/documents/shell';

let parser: ShellParser;
before(async () => {
  parser = await loadShellParser();
});

const commandNames = (text: string, index = 0) => {
  const model = parseDockerfile(text, parser);
  const runs = model.instructionsWithTriggers.filter((i) => i.keyword === 'RUN');
  return runs[index].shell?.commands.map((c) => text.slice(c.name.start, c.name.end));
};

describe('Dockerfile model', () => {
  it('builds the stage graph: names, FROM <stage> inheritance, final stage', () => {
    const model = parseDockerfile('ARG BASE=node:22\nFROM ${BASE} AS Build\nRUN make\nFROM build AS test\nFROM alpine:3.20\nCOPY --from=build /a /a\n', parser);
    assert.equal(model.stages.length, 3);
    assert.equal(model.stages[0].resolvedImage, 'node:22');
    assert.equal(model.stages[1].parent, model.stages[0], 'FROM build inherits from the Build stage, case-insensitively');
    assert.equal(model.stages[2].parent, undefined);
    assert.equal(model.finalStage, model.stages[2]);
    assert.equal(model.stages[2].isFinal, true);
    assert.equal(model.stages[0].isFinal, false);
  });

  it('tells exec form from shell form, and falls back to shell form for invalid JSON', () => {
    const model = parseDockerfile('FROM a\nCMD ["node", "x.js"]\nENTRYPOINT [\'sh\']\nRUN echo hi\nHEALTHCHECK --interval=5s CMD ["curl", "-f", "x"]\n', parser);
    const forms = model.instructions.map((i) => [i.keyword, i.form]);
    assert.deepEqual(forms, [
      ['FROM', undefined],
      ['CMD', 'exec'],
      ['ENTRYPOINT', 'shell'],
      ['RUN', 'shell'],
      ['HEALTHCHECK', 'exec'],
    ]);
    const cmd = model.instructions[1];
    assert.deepEqual(cmd.execArgs?.map((a) => a.value), ['node', 'x.js']);
    assert.equal(model.text.slice(cmd.execArgs![0].start, cmd.execArgs![0].end), 'node', 'spans cover the string content');
  });

  it('parses RUN across continuations with comment and empty lines in between', () => {
    const text = 'FROM a\nRUN apt-get update \\\n# why\n    && apt-get install -y curl \\\n\n    && rm -rf /var/lib/apt/lists/*\n';
    assert.deepEqual(commandNames(text), ['apt-get', 'apt-get', 'rm']);
    const model = parseDockerfile(text, parser);
    assert.equal(model.instructions[1].shell?.hasSyntaxError, false);
  });

  it('honours the backtick escape directive', () => {
    const text = '# escape=`\nFROM a\nRUN echo one `\n    && echo two\n';
    assert.deepEqual(commandNames(text), ['echo', 'echo']);
  });

  it('hands the shell a one-line RUN as written, a trailing backtick escape as a backslash', () => {
    const plain = 'FROM a\nRUN echo one && echo two\n';
    assert.deepEqual(shellViewOfRun(plain, parseDockerfile(plain).instructions[1], '\\'), { start: 11, script: 'echo one && echo two' });
    // A backtick at the end of the file's last line continues nothing, but the shell must see its escape character.
    const backtick = '# escape=`\nFROM a\nRUN echo one `';
    const run = parseDockerfile(backtick).instructions[1];
    assert.deepEqual(shellViewOfRun(backtick, run, '`'), { start: 22, script: 'echo one \\' });
    assert.deepEqual(shellViewOfRun(plain.replace('\n', '\r\n'), parseDockerfile(plain.replace('\n', '\r\n')).instructions[1], '\\')?.script, 'echo one && echo two');
  });

  it('treats a RUN heredoc body as the script, never as instructions', () => {
    const text = 'FROM a\nRUN <<EOF\nset -e\nFROM evil\ncurl -fsSL https://x | sh\nEOF\nUSER app\n';
    const model = parseDockerfile(text, parser);
    assert.deepEqual(model.instructions.map((i) => i.keyword), ['FROM', 'RUN', 'USER']);
    assert.deepEqual(commandNames(text), ['set', 'FROM', 'curl', 'sh']);
  });

  it('does not shell-parse heredocs with a non-shell shebang', () => {
    const text = 'FROM a\nRUN <<EOF\n#!/usr/bin/env python3\nprint("hi")\nEOF\n';
    assert.equal(parseDockerfile(text, parser).instructions[1].shell, undefined);
  });

  it('keeps `RUN cat <<EOF > file` as one shell command with its heredoc', () => {
    assert.deepEqual(commandNames('FROM a\nRUN cat <<EOF > /etc/x\nhello\nEOF\n'), ['cat']);
  });

  it('parses the script of an exec-form `["sh", "-c", …]` RUN with offsets into the file', () => {
    const text = 'FROM a\nRUN ["/bin/bash", "-o", "errexit", "-c", "curl -k https://x | sh"]\nRUN ["sh", "-c", "echo \\"quoted\\""]\nRUN ["apt-get", "install", "-y", "x"]\n';
    const model = parseDockerfile(text, parser);
    const [, execShell, escaped, plainExec] = model.instructions;
    assert.equal(execShell.shellFromExecForm, true);
    assert.deepEqual(execShell.shell?.commands.map((c) => text.slice(c.name.start, c.name.end)), ['curl', 'sh']);
    assert.equal(escaped.shell, undefined, 'JSON escapes would shift offsets, so the script is left unparsed');
    assert.equal(plainExec.shell, undefined, 'no shell is involved');
  });

  it('exposes ONBUILD triggers as instructions of the stage', () => {
    const model = parseDockerfile('FROM a\nONBUILD RUN pip install flask\n', parser);
    const trigger = model.instructionsWithTriggers.find((i) => i.onbuild);
    assert.equal(trigger?.keyword, 'RUN');
    assert.equal(trigger?.stage, model.stages[0]);
    assert.deepEqual(trigger?.shell?.commands.map((c) => c.name.text), ['pip']);
  });

  it('skips shell parsing under a PowerShell SHELL', () => {
    const model = parseDockerfile('FROM mcr.microsoft.com/windows/servercore\nSHELL ["powershell", "-Command"]\nRUN Get-ChildItem | Select-Object Name\n', parser);
    assert.equal(model.instructions[2].shell, undefined);
  });

  it('parses CRLF files with the same commands', () => {
    assert.deepEqual(commandNames('FROM a\r\nRUN apt-get update \\\r\n && apt-get install -y x\r\n'), ['apt-get', 'apt-get']);
  });

  it('substitutes ARG values and defaults', () => {
    const scope = new Map<string, string | undefined>([['TAG', '1.2'], ['EMPTY', '']]);
    assert.equal(substituteVariables('img:${TAG}', scope), 'img:1.2');
    assert.equal(substituteVariables('img:${EMPTY:-latest}', scope), 'img:latest');
    assert.equal(substituteVariables('img:${TAG:+set}', scope), 'img:set');
    assert.equal(substituteVariables('$UNKNOWN/x', scope), '/x');
  });

  it('scopes ARG and ENV to their stage and its parents', () => {
    const model = parseDockerfile('ARG V=1\nFROM a AS one\nARG V\nENV HOME_DIR=/app\nFROM one\nRUN echo\nFROM b\nRUN echo\n', parser);
    const runInChild = model.instructions[5];
    const runInOther = model.instructions[7];
    const childScope = variablesInScope(model, runInChild);
    assert.equal(childScope.get('V'), '1');
    assert.equal(childScope.get('HOME_DIR'), '/app');
    assert.equal(variablesInScope(model, runInOther).has('HOME_DIR'), false);
  });
});
