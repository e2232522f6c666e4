/**
 * Every place a Dockerfile pulls content from another image: `FROM`, `COPY --from=<image>` and
 * `RUN --mount=…,from=<image>`. Stage names and stage indexes are filtered out, so the image rules
 * only see references to registries.
 */
import type { DockerfileModel, DockerInstruction, DockerStage, Span } from '../../../documents/dockerfile';
import { substituteVariables } from '../../../documents/dockerfile';
import { memoize } from '../../../memo';
import { variablesInScope } from '../helpers';
import { parseImageReference, type ImageReference } from '../../../documents/imageReference';

export interface ImageSource {
  kind: 'FROM' | 'COPY --from' | 'RUN --mount from';
  instruction: DockerInstruction;
  /** As written. */
  written: string;
  /** With known ARG/ENV values substituted. */
  resolved: string;
  ref: ImageReference;
  span: Span;
  /** For FROM: the stage it starts. */
  stage?: DockerStage;
}

/** `scratch` is the empty image, not something pulled from a registry. */
export function isScratch(image: string): boolean {
  return image.trim().toLowerCase() === 'scratch';
}

function stageNames(model: DockerfileModel): Set<string> {
  return new Set(model.stages.filter((s) => s.name).map((s) => s.name!.toLowerCase()));
}

/** A reference we can judge: not empty, no variable left unresolved. */
function judgeable(resolved: string): ImageReference | undefined {
  if (!resolved.trim() || resolved.includes('$')) return undefined;
  const ref = parseImageReference(resolved);
  return ref && !ref.dynamic ? ref : undefined;
}

/** `from=` of a `--mount` flag value (`type=bind,from=img:1,target=/x`), with its span. */
function mountFrom(instruction: DockerInstruction): { value: string; span: Span }[] {
  const out: { value: string; span: Span }[] = [];
  for (const flag of instruction.flags) {
    if (flag.name.toLowerCase() !== 'mount' || flag.value === null || flag.valueStart === undefined) continue;
    let offset = 0;
    for (const part of flag.value.split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim().toLowerCase() === 'from') {
        const value = part.slice(eq + 1).trim();
        const start = flag.valueStart + offset + eq + 1;
        out.push({ value, span: { start, end: start + part.length - eq - 1 } });
      }
      offset += part.length + 1;
    }
  }
  return out;
}

export function imageSources(model: DockerfileModel): readonly ImageSource[] {
  // Four image rules read the same list.
  return memoize(model, 'imageSources', () => computeImageSources(model));
}

function computeImageSources(model: DockerfileModel): ImageSource[] {
  const names = stageNames(model);
  const out: ImageSource[] = [];
  const isStageReference = (value: string) => /^\d+$/.test(value) || names.has(value.toLowerCase());
  for (const stage of model.stages) {
    if (stage.parent || !stage.imageSpan || isScratch(stage.resolvedImage)) continue;
    const ref = judgeable(stage.resolvedImage);
    if (!ref) continue;
    out.push({ kind: 'FROM', instruction: stage.from, written: stage.image, resolved: stage.resolvedImage, ref, span: stage.imageSpan, stage });
  }
  for (const instruction of model.instructionsWithTriggers) {
    // Both kinds of candidate are flags (`--from`, `--mount`).
    if (instruction.flags.length === 0) continue;
    const candidates: { kind: ImageSource['kind']; value: string; span: Span }[] = [];
    if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
      const from = instruction.flags.find((f) => f.name.toLowerCase() === 'from');
      if (from && from.value && from.valueStart !== undefined && from.valueEnd !== undefined) {
        candidates.push({ kind: 'COPY --from', value: from.value, span: { start: from.valueStart, end: from.valueEnd } });
      }
    } else if (instruction.keyword === 'RUN') {
      for (const m of mountFrom(instruction)) candidates.push({ kind: 'RUN --mount from', ...m });
    }
    for (const c of candidates) {
      const written = c.value.replace(/^["']|["']$/g, '');
      // A bare name (`--from=builder`) that is not a stage is more likely a typo or a named build context
      // (`--build-context builder=…`) than a Docker Hub image; other rules report undefined stages.
      if (!written || isStageReference(written) || !/[/:@]/.test(written)) continue;
      const resolved = written.includes('$') ? substituteVariables(written, variablesInScope(model, instruction)) : written;
      if (isStageReference(resolved) || isScratch(resolved)) continue;
      const ref = judgeable(resolved);
      if (!ref) continue;
      out.push({ kind: c.kind, instruction, written, resolved, ref, span: c.span });
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}
