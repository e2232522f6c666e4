/**
 * The user the final image runs as, following `FROM <stage>` inheritance (root-user, missing-user,
 * non-numeric-user).
 */
import type { DockerfileModel, DockerInstruction, DockerStage, Span } from '../../../documents/dockerfile';
import { substituteVariables } from '../../../documents/dockerfile';
import { finalStageChain, variablesInScope } from '../helpers';

export interface EffectiveUser {
  instruction: DockerInstruction;
  /** Undefined for a fragment without FROM. */
  stage?: DockerStage;
  /** As written after USER, trimmed. */
  written: string;
  /** With ARG/ENV values substituted; undefined when a variable has no known value. */
  resolved?: string;
  /** The user part (before `:`) of `resolved`. */
  user?: string;
  span: Span;
}

/** The last USER of the final stage, else of the stage it builds on, and so on; undefined when none sets one. */
export function finalUser(model: DockerfileModel): EffectiveUser | undefined {
  // A fragment without FROM (an editor buffer, a snippet) is judged as one stage.
  const chains: { stage?: DockerStage; instructions: DockerInstruction[] }[] =
    model.stages.length > 0 ? finalStageChain(model).map((stage) => ({ stage, instructions: stage.instructions })) : [{ instructions: model.instructions }];
  for (const { stage, instructions } of chains) {
    const users = instructions.filter((i) => i.keyword === 'USER');
    const last = users.at(-1);
    if (!last) continue;
    const written = last.argsText.trim();
    const start = last.argsStart + (last.argsText.length - last.argsText.trimStart().length);
    const span = { start, end: start + written.length };
    let resolved: string | undefined = written;
    if (written.includes('$')) {
      const scope = variablesInScope(model, last);
      resolved = substituteVariables(written, scope);
      if (!resolved || resolved.includes('$') || resolved.startsWith(':')) resolved = undefined;
    }
    const user = resolved?.split(':')[0];
    return { instruction: last, stage, written, resolved, user, span: written ? span : { start: last.keywordStart, end: last.keywordEnd } };
  }
  return undefined;
}

export function isRootUser(user: string): boolean {
  return user.toLowerCase() === 'root' || /^0+$/.test(user);
}
