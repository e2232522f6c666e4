import type { DockerfileRule } from '../../../rule';
import { environmentOf, hasOption, isTruthy } from './packageCommands';
import { invocationsOf } from './ruleKit';

/** `pip install -r requirements.txt` without `--require-hashes`. */
export const pipWithoutHashes: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/pip-without-hashes',
  title: 'pip install from a requirements file without --require-hashes',
  severity: 'info',
  category: 'supply-chain',
  equivalents: [],
  compliance: ['CIS-Docker-4.11', 'CWE-494'],
  enabledByDefault: false,
  explanation: {
    what: '`pip install -r <file>` runs without `--require-hashes` (or `PIP_REQUIRE_HASHES=1`).',
    why:
      'Version pins say which release to install, not which bytes: a replaced artefact on the index or a compromised mirror ' +
      'still installs. Hash-checking mode rejects any download whose digest differs from the lockfile. pip also switches to it ' +
      'on its own when the file contains `--hash` entries, which this rule cannot see — hence off by default.',
    fix: 'Generate hashes (`pip-compile --generate-hashes`, `uv pip compile --generate-hashes`) and install with:\n\n```dockerfile\nRUN pip install --no-cache-dir --require-hashes -r requirements.txt\n```',
  },
  fixtures: [
    { text: 'FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt\n', expect: ['-r'] },
    { text: 'FROM python:3.12\nRUN pip install --no-cache-dir --require-hashes -r requirements.txt\n', expect: [] },
    { text: 'FROM python:3.12\nENV PIP_REQUIRE_HASHES=1\nRUN pip install --no-cache-dir --requirement=requirements.txt\n', expect: [] },
  ],
  check({ model, report }) {
    for (const invocation of invocationsOf(model, ['pip', 'uv-pip'], ['install'])) {
      const requirement = invocation.options.find((o) => o.name === '-r' || o.name === '--requirement' || o.name === '--requirements');
      if (!requirement) continue;
      if (hasOption(invocation, ['--require-hashes'])) continue;
      if (isTruthy(environmentOf(model, invocation).get('PIP_REQUIRE_HASHES'))) continue;
      report({
        start: requirement.word.start,
        end: requirement.valueWord?.end ?? requirement.word.end,
        message: `${invocation.manager === 'uv-pip' ? 'uv pip' : 'pip'} install -r ${requirement.value ?? ''} without --require-hashes: downloads are not checked against known digests.`,
      });
    }
  },
};
