import type { DockerfileRule } from '../../../rule';
import type { DockerInstruction } from '../../../documents/dockerfile';
import { invocationsOf, type Invocation } from '../shell/invocations';
import { baseName, copyOperands, flagOf, isArchiveName } from './copyOperands';

function isTarExtract(inv: Invocation): boolean {
  if (inv.program !== 'tar' && inv.program !== 'bsdtar') return false;
  const [first, ...rest] = inv.args.map((a) => a.text);
  if (first !== undefined && !first.startsWith('-') && /^[a-zA-Z]*x/.test(first)) return true;
  return [first, ...rest].some((t) => t === '--extract' || t === '--get' || (t !== undefined && /^-[a-zA-Z]*x/.test(t) && !t.startsWith('--')));
}

/** COPY of a tar archive that a later RUN of the same stage only extracts (hadolint DL3010). */
export const copyArchiveThenExtract: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/copy-archive-then-extract',
  title: 'Archive copied and then extracted in RUN (use ADD)',
  severity: 'info',
  category: 'maintainability',
  equivalents: ['hadolint:DL3010'],
  compliance: [],
  explanation: {
    what: 'A local tar archive is `COPY`ed and a later `RUN tar -x…` of the same stage unpacks it.',
    why: 'The archive stays in the COPY layer even if the RUN deletes it, so the image carries the data twice. `ADD` of a local tar archive unpacks it in a single layer.',
    fix: 'Let ADD unpack it:\n\n```dockerfile\nADD packaged-app.tar /usr/src/app/\n```',
  },
  fixtures: [
    { text: 'FROM debian:12\nCOPY packaged-app.tar /usr/src/app/\nRUN tar -xf /usr/src/app/packaged-app.tar\n', expect: ['COPY'] },
    { text: 'FROM debian:12\nCOPY app.tgz /app.tgz\nWORKDIR /\nRUN foo && tar xzf app.tgz && rm app.tgz\n', expect: ['COPY'] },
    { text: 'FROM debian:12\nCOPY packaged-app.tar /usr/src/app/\nFROM debian:12\nRUN tar -xf packaged-app.tar\n', expect: [], note: 'another stage' },
    { text: 'FROM debian:12\nCOPY --from=builder /out/some.tar /opt/some.tar\nRUN tar -xf /opt/some.tar\n', expect: [], note: 'ADD cannot extract from another stage' },
    { text: 'FROM debian:12\nCOPY app.tar /app.tar\nRUN tar -tf /app.tar\n', expect: [], note: 'listing is not extracting' },
  ],
  check({ model, report }) {
    for (const stage of model.stages.length > 0 ? model.stages : [undefined]) {
      const instructions = stage ? stage.instructions : model.instructions;
      const archives = new Map<string, DockerInstruction>();
      const reported = new Set<DockerInstruction>();
      for (const instruction of instructions) {
        if (instruction.keyword === 'COPY' && !flagOf(instruction, 'from')) {
          const operands = copyOperands(model, instruction);
          if (!operands) continue;
          for (const source of operands.sources) {
            if (!isArchiveName(source.value)) continue;
            archives.set(baseName(source.value), instruction);
            if (isArchiveName(operands.dest.value)) archives.set(baseName(operands.dest.value), instruction);
          }
        } else if (instruction.keyword === 'RUN' && archives.size > 0) {
          for (const inv of invocationsOf(instruction)) {
            if (!isTarExtract(inv)) continue;
            for (const arg of inv.args) {
              const copy = archives.get(baseName(arg.text));
              if (!copy || reported.has(copy)) continue;
              reported.add(copy);
              report({
                start: copy.keywordStart,
                end: copy.keywordEnd,
                message: `${baseName(arg.text)} is copied here and extracted by the RUN on line ${instruction.line + 1}; ADD unpacks a local tar archive in one layer instead of keeping both.`,
              });
            }
          }
        }
      }
    }
  },
};
