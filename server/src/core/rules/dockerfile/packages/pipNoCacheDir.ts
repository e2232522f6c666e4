import type { DockerfileRule } from '../../../rule';
import { cacheMountTargets, environmentOf, hasOption, headSpan, isTruthy, mountCovers, reachesFinalImage } from './packageCommands';
import { insertFlagFix, invocationsOf } from './ruleKit';

/** `pip install` without `--no-cache-dir` keeps downloaded wheels in the image. */
export const pipNoCacheDir: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/pip-no-cache-dir',
  title: 'pip install without --no-cache-dir',
  severity: 'info',
  category: 'best-practice',
  equivalents: ['hadolint:DL3042'],
  compliance: [],
  fixable: true,
  explanation: {
    what: '`pip install` runs in a layer of the final image without `--no-cache-dir`, `PIP_NO_CACHE_DIR=1` or a cache mount.',
    why: "pip keeps every downloaded wheel in `~/.cache/pip`; the cache is useless in an image and can double its Python footprint.",
    fix: '`RUN pip install --no-cache-dir -r requirements.txt`, or `ENV PIP_NO_CACHE_DIR=1`, or keep the cache out of the layer with `RUN --mount=type=cache,target=/root/.cache/pip pip install …`.',
  },
  fixtures: [
    { text: 'FROM python:3.12\nRUN pip install flask==3.0.3\n', expect: ['pip install'], fixed: 'FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.3\n' },
    { text: 'FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask==3.0.3 && PIP_NO_CACHE_DIR=on python -m pip install six==1.16.0\n', expect: [] },
    { text: 'FROM python:3.12\nRUN export PIP_NO_CACHE_DIR=off && pip install six==1.16.0\n', expect: ['pip install'], fixed: 'FROM python:3.12\nRUN export PIP_NO_CACHE_DIR=off && pip install --no-cache-dir six==1.16.0\n' },
    { text: 'FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask==3.0.3 && pipx install black==24.1.0\n', expect: [] },
    { text: 'FROM python:3.12\nRUN <<EOF\nset -e\npip install flask==3.0.3\nEOF\n', expect: ['pip install'], fixed: 'FROM python:3.12\nRUN <<EOF\nset -e\npip install --no-cache-dir flask==3.0.3\nEOF\n', note: 'heredoc' },
    { text: 'FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install six==1.16.0\n', expect: [], note: 'ENV inherited from the parent stage' },
    { text: 'FROM python:3.12 AS build\nRUN pip install --prefix /install flask==3.0.3\nFROM python:3.12-slim\nCOPY --from=build /install /usr/local\n', expect: [], note: 'builder stage' },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['pip'], ['install'])) {
      if (hasOption(invocation, ['--no-cache-dir'])) continue;
      if (!reachesFinalImage(model, invocation.instruction)) continue;
      const env = environmentOf(model, invocation);
      if (isTruthy(env.get('PIP_NO_CACHE_DIR'))) continue;
      const cacheDir = env.get('PIP_CACHE_DIR');
      if (mountCovers(invocation.instruction, cacheDir ?? '/root/.cache/pip')) continue;
      if (cacheMountTargets(invocation.instruction).some((t) => t.endsWith('/.cache/pip') || t.endsWith('/.cache'))) continue;
      report({ ...headSpan(invocation), message: 'pip install without --no-cache-dir keeps the download cache in the image.', fixes: insertFlagFix(invocation, '--no-cache-dir') });
    }
  },
};
