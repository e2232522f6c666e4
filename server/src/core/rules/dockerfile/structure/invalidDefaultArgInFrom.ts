import type { DockerfileRule } from '../../../rule';
import { parseImageReference, referenceProblems } from '../../../documents/imageReference';
import { PREDEFINED_ARGS, variableReferences } from './util';

/** Expands like Docker's word lexer: `${X-w}` only when unset, `${X:-w}` also when empty; quotes removed. */
function expand(word: string, values: ReadonlyMap<string, string | undefined>): string {
  const expanded = word.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced, colon, op, alt, bare) => {
    const name = braced ?? bare;
    const value = values.get(name);
    const set = colon ? value !== undefined && value !== '' : value !== undefined;
    if (op === '-') return set ? value! : alt;
    if (op === '+') return set ? alt : '';
    return value ?? '';
  });
  return expanded.replace(/["']/g, '');
}

/** `ARG VERSION` + `FROM busybox:$VERSION`: without a build arg the image name is empty or invalid. */
export const invalidDefaultArgInFrom: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/invalid-default-arg-in-from',
  title: 'Default of a global ARG gives an empty or invalid base image',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['buildkit:InvalidDefaultArgInFrom', 'dockerfile-utils:BASE_NAME_EMPTY'],
  compliance: [],
  fixable: false,
  explanation: {
    what: 'A `FROM` whose image, with the default values of the global ARGs it uses, is empty or not a valid reference (`busybox:` when `VERSION` has no default).',
    why: 'The build only works when every caller passes `--build-arg`; a plain `docker build` fails with an invalid reference, and linters and scanners cannot resolve the image.',
    fix: 'Give the ARG a working default: `ARG VERSION=1.36` then `FROM busybox:${VERSION}`.',
  },
  fixtures: [
    { text: 'ARG VERSION\nFROM busybox:$VERSION\n', expect: ['busybox:$VERSION'] },
    { text: 'ARG IMAGE\nFROM $IMAGE\n', expect: ['$IMAGE'] },
    { text: 'ARG SFX="box:"\nFROM busy${SFX}\n', expect: ['busy${SFX}'] },
    { text: 'ARG VERSION="latest"\nFROM busybox:${VERSION}\nARG VARIANT=""\nFROM busybox:stable${VARIANT}\n', expect: [] },
    { text: 'ARG DEBUG=""\nFROM scratch${DEBUG-@bogus}\nARG WIN=ltsc2022\nFROM mcr.microsoft.com/windows/servercore:"${WIN}"\n', expect: [], note: '- applies only when unset; quotes are removed' },
    { text: '\tARG BUSYBOX_VARIANT\n\tFROM busybox:stable${BUSYBOX_VARIANT}\n', expect: [] },
  ],
  check({ model, report }) {
    let defaults: Map<string, string | undefined> | undefined;
    // Lower-cased stage name → index of the first stage with that name.
    let firstStageNamed: Map<string, number> | undefined;
    for (const stage of model.stages) {
      if (!stage.imageSpan || !stage.image.includes('$') || stage.parent) continue;
      const refs = variableReferences(stage.image, 0, model.escapeChar);
      // Undeclared variables are dockerfile/undefined-arg-in-from's business.
      if (refs.length === 0 || refs.some((r) => !model.globalArgs.has(r.name) || PREDEFINED_ARGS.has(r.name))) continue;
      if (!defaults) {
        defaults = new Map<string, string | undefined>();
        for (const [name, value] of model.globalArgs) defaults.set(name, value === undefined ? undefined : value.replace(/^(["'])(.*)\1$/, '$2'));
      }
      const resolved = expand(stage.image, defaults).trim();
      if (!firstStageNamed) {
        firstStageNamed = new Map();
        for (const s of model.stages) {
          const name = s.name?.toLowerCase();
          if (name !== undefined && !firstStageNamed.has(name)) firstStageNamed.set(name, s.index);
        }
      }
      if ((firstStageNamed.get(resolved.toLowerCase()) ?? Infinity) < stage.index) continue;
      const ref = resolved ? parseImageReference(resolved) : undefined;
      const problems = ref ? referenceProblems(ref) : ['empty image name'];
      if (problems.length === 0) continue;
      report({
        start: stage.imageSpan.start,
        end: stage.imageSpan.end,
        message: `With the default values of its ARGs, "${stage.image}" becomes ${resolved ? `"${resolved}"` : 'an empty name'} (${problems.join(', ')}); give the ARG a valid default.`,
      });
    }
  },
};
