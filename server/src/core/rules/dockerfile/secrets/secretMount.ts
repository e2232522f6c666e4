/**
 * The BuildKit secret-mount fix shared by the rules that find a secret in an ARG or ENV (by its name,
 * or by the secret model): the ARG/ENV goes, and every RUN that reads the variable gets
 * `--mount=type=secret,id=<name>,env=<NAME>`. The value then exists during those RUNs only, and no
 * longer in the image configuration, its history, the build cache or provenance attestations.
 *
 * The fix is offered only when it cannot silently change the build: the variable must be read by at
 * least one RUN (otherwise it is needed when the container runs, which a build secret cannot give), and
 * by nothing that expands it outside a RUN's shell (`COPY`, `LABEL`, `ENV X=$TOKEN`, `CMD`, ONBUILD, a
 * RUN's own flags), which would read an empty value afterwards.
 */
import type { DockerfileModel, DockerInstruction, DockerStage } from '../../../documents/dockerfile';
import type { OffsetEdit, OffsetFix } from '../../../rule';
import { assignments, deleteInstructionEdit, type Assignment } from '../helpers';

export interface SecretMountFix {
  fix: OffsetFix;
  /** What `docker build` needs from then on: `--secret id=npm_token,env=NPM_TOKEN`. */
  buildFlag: string;
}

const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `env=` on secret mounts needs Dockerfile syntax 1.10. Without a `syntax` directive, or with
 * `docker/dockerfile:1`, BuildKit uses a recent frontend; a file pinned to an older 1.x would fail to build.
 */
function pinsSyntaxWithoutSecretEnv(model: DockerfileModel): boolean {
  const syntax = model.directives.find((d) => d.name === 'syntax')?.value.trim() ?? '';
  const pinned = /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?:1\.(\d+)/.exec(syntax);
  return pinned !== null && Number(pinned[1]) < 10;
}

/**
 * The instructions that see the value `assignment` sets: the rest of its stage and, as BuildKit passes
 * both ARG and ENV on to stages built `FROM` it, those stages too, each up to where the name is set again.
 */
function instructionsInScope(model: DockerfileModel, assignment: Assignment, stage: DockerStage): DockerInstruction[] {
  const resets = new Set(assignments(model).filter((a) => a.name === assignment.name && a !== assignment).map((a) => a.instruction));
  const seen: DockerInstruction[] = [];
  const reachesEnd = new Set<DockerStage>();
  const walk = (current: DockerStage, after: number): boolean => {
    for (const instruction of current.instructions) {
      if (instruction.index <= after) continue;
      if (resets.has(instruction)) return false;
      seen.push(instruction);
    }
    return true;
  };
  if (walk(stage, assignment.instruction.index)) reachesEnd.add(stage);
  for (const child of model.stages) {
    if (child.index > stage.index && child.parent && reachesEnd.has(child.parent) && walk(child, child.from.index)) reachesEnd.add(child);
  }
  return seen;
}

/** Whether a RUN already mounts a secret into `name` (`--mount=type=secret,…,env=NAME`). */
function mountsSecretInto(run: DockerInstruction, name: string): boolean {
  return run.flags.some((flag) => {
    if (flag.name.toLowerCase() !== 'mount' || !flag.value) return false;
    const options = flag.value.split(',').map((option) => option.trim());
    return options.includes('type=secret') && options.includes(`env=${name}`);
  });
}

/** Where `--mount=…` goes: right after the keyword and its spaces, before the RUN's other flags. */
function afterKeyword(model: DockerfileModel, run: DockerInstruction): number {
  let at = run.keywordEnd;
  while (at < run.end && (model.text[at] === ' ' || model.text[at] === '\t')) at++;
  return at;
}

/** Removes the key from its ARG/ENV: the whole instruction when it is the only key, else the key and the space before or after it. */
function removeAssignment(model: DockerfileModel, assignment: Assignment): OffsetEdit {
  const keys = assignments(model).filter((a) => a.instruction === assignment.instruction);
  if (keys.length === 1) return deleteInstructionEdit(model, assignment.instruction);
  const k = keys.indexOf(assignment);
  return k + 1 < keys.length
    ? { start: assignment.span.start, end: keys[k + 1].span.start, newText: '' }
    : { start: keys[k - 1].span.end, end: assignment.span.end, newText: '' };
}

/**
 * The fix for the secret `assignment` sets, or undefined when the fix would not be safe or would not
 * help (no RUN reads the variable; see the module comment). Global ARGs (before the first FROM) and
 * ONBUILD triggers get none: their value reaches RUNs only through another instruction.
 */
export function secretMountFix(model: DockerfileModel, assignment: Assignment): SecretMountFix | undefined {
  const { name, instruction } = assignment;
  const stage = instruction.stage;
  if (!stage || instruction.onbuild || !SHELL_NAME.test(name) || pinsSyntaxWithoutSecretEnv(model)) return undefined;
  const reference = new RegExp(`\\$\\{?${name}(?![A-Za-z0-9_])`);
  const id = name.toLowerCase();
  const mount = `--mount=type=secret,id=${id},env=${name}`;
  const edits: OffsetEdit[] = [];
  let runs = 0;
  for (const seen of instructionsInScope(model, assignment, stage)) {
    // A RUN's flags are expanded by BuildKit like any other instruction's arguments; only its command is the shell's.
    const commandStart = seen.keyword === 'RUN' ? (seen.flags.at(-1)?.end ?? seen.keywordEnd) : seen.keywordEnd;
    if (reference.test(model.text.slice(seen.keywordEnd, commandStart))) return undefined;
    if (!reference.test(model.text.slice(commandStart, seen.end))) continue;
    if (seen.keyword !== 'RUN') return undefined;
    // Exec form too: `["sh", "-c", "… $NAME"]` needs the value, and a mount where `$NAME` stays literal costs nothing.
    runs++;
    if (!mountsSecretInto(seen, name)) {
      const at = afterKeyword(model, seen);
      edits.push({ start: at, end: at, newText: `${mount} ` });
    }
  }
  if (runs === 0) return undefined;
  edits.push(removeAssignment(model, assignment));
  return {
    fix: { title: `Use a BuildKit secret mount for ${name} (${runs} RUN line${runs === 1 ? '' : 's'})`, edits, isPreferred: true },
    buildFlag: `--secret id=${id},env=${name}`,
  };
}

/** What the fix does and when it is not offered, for the explanations of the rules that offer it (after a lead-in). */
export const SECRET_MOUNT_FIX_EXPLANATION =
  'the key leaves its ARG/ENV, and every RUN of its stage (and of stages built `FROM` it) that reads `$NAME` ' +
  'afterwards gets `--mount=type=secret,id=<name>,env=<NAME>`. Then build with `docker build --secret id=<name>,env=<NAME>` ' +
  'and the value in that environment variable; `env=` needs Dockerfile syntax 1.10 or later (current BuildKit, or ' +
  '`# syntax=docker/dockerfile:1`). A tool that reads the variable without the RUN naming it needs the mount added by hand. ' +
  'When no RUN reads the variable, the value is needed when the container runs, which a build secret cannot give: there is ' +
  'no Dockerfile fix beyond suppressing the finding with a reason (**Mark as expected** / **Ignore**), and the value belongs ' +
  'in the runtime environment (an orchestrator secret, `docker run -e`). Nor is there a mount fix when something other than ' +
  'a RUN expands the variable (`COPY`, `LABEL`, another `ENV`, `CMD`), or when the file pins a Dockerfile syntax older than 1.10.';

/** The sentence a finding with this fix ends with: without the flag the build sees no value. */
export function buildFlagNote(mount: SecretMountFix): string {
  return ` The quick fix moves it to a secret mount; then build with \`docker build ${mount.buildFlag}\`.`;
}
