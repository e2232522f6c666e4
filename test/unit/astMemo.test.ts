/**
 * The shortcuts core/documents/astMemo.ts takes inside dockerfile-ast must answer what the library itself answers:
 * RUN/COPY/ADD/CMD/ENTRYPOINT/SHELL/VOLUME created without reading their arguments as a JSON array (read when first
 * asked), and the arguments of flag-taking instructions remembered once their flags are known. Each instruction of
 * a parse is compared with one the library builds eagerly from the same document and ranges.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DockerfileParser, JSONInstruction, ModifiableInstruction, type Argument, type Instruction } from 'dockerfile-ast';
import { parseDockerfile } from '../../server/src/core/documents/dockerfile';

// parseDockerfile installs the memo; the parses below go through the patched library.
parseDockerfile('FROM scratch\n');

type Fields = { document: unknown; range: unknown; dockerfile: unknown; escapeChar: string; instruction: string; instructionRange: unknown };

/** The instruction the library's own constructor builds from the fields of `parsed`. */
function eager(parsed: Instruction): JSONInstruction {
  const f = parsed as unknown as Fields;
  const Class = parsed.constructor as new (...args: unknown[]) => JSONInstruction;
  return new Class(f.document, f.range, f.dockerfile, f.escapeChar, f.instruction, f.instructionRange);
}

const view = (a: Argument | null | undefined) => (a ? { value: a.getValue(), range: a.getRange() } : null);

function jsonView(i: JSONInstruction) {
  return { opening: view(i.getOpeningBracket()), closing: view(i.getClosingBracket()), strings: i.getJSONStrings().map((s) => ({ value: s.getValue(), json: s.getJSONValue(), range: s.getRange(), jsonRange: s.getJSONRange() })) };
}

const argumentsView = (args: Argument[]) => args.map(view);

function compareWithLibrary(text: string): void {
  for (const parsed of DockerfileParser.parse(text).getInstructions()) {
    if (parsed instanceof JSONInstruction) {
      assert.deepEqual(jsonView(parsed), jsonView(eager(parsed)), `${parsed.getKeyword()} in:\n${text}`);
    }
    if (parsed instanceof ModifiableInstruction) {
      // A fresh instance answers getArguments from the library's code; the parsed one from the memo, flags asked
      // first (as our model does: getFlags asks for the arguments midway, when they still include the flags).
      const fresh = eager(parsed as unknown as Instruction) as unknown as ModifiableInstruction;
      const expected = argumentsView(fresh.getArguments());
      assert.deepEqual(parsed.getFlags().map((f) => f.getName()), fresh.getFlags().map((f) => f.getName()));
      assert.deepEqual(argumentsView(parsed.getArguments()), expected, `${parsed.getKeyword()} arguments in:\n${text}`);
      assert.deepEqual(argumentsView(parsed.getArguments()), expected, `${parsed.getKeyword()} arguments, asked again, in:\n${text}`);
    }
  }
}

const SAMPLES = [
  'FROM alpine\nRUN echo hi\nCMD ["node", "server.js"]\nENTRYPOINT [ "/bin/sh" , "-c" ]\n',
  'FROM alpine\nCOPY --chown=1000:1000 --from=build ["a b", "/dst/"]\nADD --checksum=sha256:00 https://x/y /z\n',
  'FROM alpine\nRUN --mount=type=cache,target=/root/.cache pip install x\nRUN ["/bin/sh", "-c", "echo \\"quoted\\" \\\\ back"]\n',
  'FROM alpine\nCMD []\nCMD [ ]\nCMD [\nCMD ["unterminated\nCMD [\'single\']\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nVOLUME ["/data", "/logs"]\nVOLUME /plain\n',
  'FROM alpine\nRUN ["echo", \\\n  "continued"]\nCOPY <<EOF /x\nhello\nEOF\nRUN <<EOF\necho hi\nEOF\n',
  '# escape=`\nFROM mcr.microsoft.com/windows\nRUN ["powershell", "-Command", "Write-Host `"hi`""]\nCOPY ["C:\\\\a", "C:\\\\b"]\n',
  'FROM alpine\nONBUILD RUN ["make", "install"]\nONBUILD COPY --from=x a b\nHEALTHCHECK --interval=5s CMD ["curl", "-f", "http://localhost/"]\n',
];

describe('dockerfile-ast with the memo answers what the library answers', () => {
  it('JSON arrays read on first use, and remembered arguments, equal the eager library objects (samples)', () => {
    for (const text of SAMPLES) compareWithLibrary(text);
  });

  it('the same for random instruction lines', () => {
    const keyword = fc.constantFrom('RUN', 'CMD', 'COPY', 'ADD', 'ENTRYPOINT', 'SHELL', 'VOLUME', 'FROM', 'HEALTHCHECK', 'run', 'ONBUILD RUN');
    const piece = fc.constantFrom('[', ']', '"', "'", ',', ' ', 'a', '--flag=x', '--mount=type=secret,id=s', '\\', '\\\n', '`', '\n', '<<EOF\nx\nEOF\n', '$VAR', 'é', '\t');
    const line = fc.tuple(keyword, fc.array(piece, { maxLength: 14 })).map(([k, parts]) => `${k} ${parts.join('')}`);
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => {
        compareWithLibrary(`FROM alpine\n${lines.join('\n')}\n`);
      }),
      { seed: 20261127, numRuns: 300 },
    );
  });
});
