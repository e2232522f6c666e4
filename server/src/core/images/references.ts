/**
 * Every image reference of a document, whatever its kind, with the exact range of the reference
 * text: Dockerfile `FROM` (ARG-expanded, stage names and `scratch` excluded, `--platform` kept),
 * `COPY --from=<image>` and `RUN --mount=from=<image>`; the containers of every Kubernetes pod spec
 * (init and ephemeral included); compose services' `image:` (through `<<:` merges and `extends`).
 * The image rules and the image scanner both start here.
 */
import { isScalar } from 'yaml';
import type { DocumentKind } from '../rule';
import type { DockerfileModel } from '../documents/dockerfile';
import type { KubernetesModel } from '../documents/kubernetes';
import { allContainers, describeContainer } from '../documents/kubernetes';
import type { ComposeModel } from '../documents/compose';
import { parseImageReference, type ImageReference } from '../documents/imageReference';
import { nodeSpan, stringValue, type YamlFile, type YamlNode } from '../documents/yaml';
import { imageSources } from '../rules/dockerfile/image/imageSources';
import { serviceField } from '../rules/compose/shared';
import { memoize } from '../memo';

export interface ImageUse {
  ref: ImageReference;
  /** As written (after ARG substitution for Dockerfiles). */
  text: string;
  /** Offsets of the reference text itself (inside quotes, for quoted YAML scalars). */
  start: number;
  end: number;
  where: 'FROM' | 'COPY --from' | 'RUN --mount from' | 'container' | 'service';
  /** `--platform` of a FROM, when given as a constant. */
  platform?: string;
  /** For messages: `base image of the final stage`, `container "app" of Deployment "web"`, `service "db"`. */
  label: string;
  /** The image ends up running (final-stage base, a container, a service) rather than feeding a build step. */
  runs: boolean;
}

export function imageUses(kind: DocumentKind, model: unknown): readonly ImageUse[] {
  return memoize(model as object, 'imageUses', () => {
    if (kind === 'dockerfile') return dockerfileUses(model as DockerfileModel);
    if (kind === 'kubernetes') return kubernetesUses(model as KubernetesModel);
    return composeUses(model as ComposeModel);
  });
}

function dockerfileUses(model: DockerfileModel): ImageUse[] {
  const finalChain = new Set<unknown>();
  for (let stage = model.stages.at(-1); stage; stage = stage.parent) finalChain.add(stage);
  return imageSources(model).map((source) => {
    const platformFlag = source.kind === 'FROM' ? source.instruction.flags.find((f) => f.name.toLowerCase() === 'platform') : undefined;
    const platform = platformFlag?.value && !platformFlag.value.includes('$') ? platformFlag.value : undefined;
    const runs = source.kind === 'FROM' && finalChain.has(source.stage);
    const label =
      source.kind === 'FROM'
        ? runs
          ? 'base image of the final stage'
          : `base image of stage ${source.stage?.name ? `"${source.stage.name}"` : (source.stage?.index ?? 0) + 1}`
        : source.kind === 'COPY --from'
          ? 'image copied from'
          : 'image mounted in RUN';
    return { ref: source.ref, text: source.resolved, start: source.span.start, end: source.span.end, where: source.kind, platform, label, runs };
  });
}

/** The span of a scalar's text without its quotes. */
function textSpan(file: YamlFile, node: YamlNode): { start: number; end: number } {
  const span = nodeSpan(node);
  const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
  return quoted && span.end - span.start >= 2 && file.text[span.start] === file.text[span.end - 1] ? { start: span.start + 1, end: span.end - 1 } : span;
}

function kubernetesUses(model: KubernetesModel): ImageUse[] {
  const uses: ImageUse[] = [];
  for (const container of allContainers(model)) {
    if (!container.imageNode || container.image === undefined) continue;
    const ref = parseImageReference(container.image);
    if (!ref || ref.dynamic) continue;
    const object = container.pod.object;
    uses.push({
      ref,
      text: container.image,
      ...textSpan(model.file, container.imageNode),
      where: 'container',
      label: `${describeContainer(container)} of ${object.name ? `${object.kind} "${object.name}"` : object.kind}`,
      runs: container.list !== 'ephemeralContainers',
    });
  }
  return uses;
}

function composeUses(model: ComposeModel): ImageUse[] {
  const uses: ImageUse[] = [];
  const seen = new Set<unknown>();
  for (const service of model.services) {
    const source = serviceField(model, service, 'image');
    if (!source?.value || seen.has(source.value)) continue;
    seen.add(source.value);
    const text = stringValue(model.file, source.value);
    if (text === undefined || text.includes('$')) continue;
    const ref = parseImageReference(text);
    if (!ref || ref.dynamic) continue;
    const platform = stringValue(model.file, serviceField(model, service, 'platform')?.value);
    uses.push({ ref, text, ...textSpan(model.file, source.value), where: 'service', platform, label: `service "${service.name}"`, runs: true });
  }
  return uses;
}
