import type { DockerfileRule } from '../../../rule';
import { environmentOf } from './packageCommands';
import { invocationsOf, unpinnedOperands, unpinnedReport, commandLabel } from './ruleKit';

const VCS = /^(git|hg|svn|bzr)\+[a-z]+:\/\//i;
const ARCHIVE = /\.(whl|zip|tar|tar\.gz|tgz|tar\.bz2|tar\.xz)$/i;

/** A pip/pipx requirement that fixes what gets installed (or is a local/URL artefact the build controls). */
export function isPinnedPythonRequirement(value: string): boolean {
  if (VCS.test(value)) {
    // `git+https://user@host/repo.git@ref#egg=x`: the ref follows the path, not the user part.
    const rest = value.replace(VCS, '').replace(/^[^/@]*@(?=[^/]*\/)/, '').replace(/#[\s\S]*/, '');
    return rest.includes('@');
  }
  if (/[=<>!~]=|[<>]/.test(value)) return true;
  if (/^[A-Za-z0-9._\-[\], ]+@\s*\S/.test(value)) return true; // PEP 508 direct reference `name @ url`
  return value.includes('/') || ARCHIVE.test(value) || value === '.' || value.startsWith('.');
}

/** `pip install flask` without a version specifier. */
export const pipUnpinned: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/pip-unpinned',
  title: 'pip install without pinned package versions',
  severity: 'warning',
  category: 'supply-chain',
  equivalents: ['hadolint:DL3013'],
  compliance: ['CIS-Docker-4.11', 'CWE-1357', 'CWE-494'],
  explanation: {
    what: '`pip install` (also `python -m pip`, `uv pip`, `pipx install`) names packages without a version specifier, or installs a VCS URL without a ref.',
    why:
      'An unpinned requirement installs whatever PyPI serves at build time: a hijacked or typo-squatted release, or a breaking ' +
      'major version, lands in the image without review. Dependency-confusion and account-takeover attacks on PyPI target exactly this.',
    fix:
      'Pin versions (`pip install flask==3.0.3`), pin VCS installs to a tag or commit (`git+https://github.com/org/repo.git@v1.2.0`), ' +
      'or install from a locked requirements file, ideally with hashes:\n\n```dockerfile\nRUN pip install --no-cache-dir --require-hashes -r requirements.txt\n```',
  },
  fixtures: [
    { text: 'FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.3 requests\n', expect: ['requests'] },
    { text: 'FROM python:3.12\nRUN python -m pip install --no-cache-dir -r requirements.txt -e . --index-url https://pypi.example/simple "alabaster>=0.7"\n', expect: [] },
    { text: 'FROM python:3.12\nRUN pip install --no-cache-dir git+https://github.com/org/repo.git@v1.2#egg=repo\n', expect: [], note: 'VCS URL with a ref' },
    { text: 'FROM python:3.12\nRUN pip install --no-cache-dir git+ssh://git@github.com/org/repo.git#egg=repo\n', expect: ['git+ssh'], note: 'the @ of the user part is not a ref' },
    { text: 'FROM python:3.12\nRUN pipx install black\n', expect: ['black'] },
    { text: 'FROM python:3.12\nRUN pip install --no-cache-dir -c constraints.txt pykafka\n', expect: [], note: 'a constraints file pins the versions' },
    { text: 'FROM python:3.12\nARG POETRY_VERSION=1.8.5\nRUN pip install --no-cache-dir --root-user-action ignore "poetry==${POETRY_VERSION}" dist/app-1.0-py3-none-any.whl\n', expect: [] },
  ],
  check({ model, report }) {
    const invocations = [...invocationsOf(model, ['pip', 'uv-pip'], ['install']), ...invocationsOf(model, ['pipx'], ['install'])];
    invocations.sort((a, b) => a.command.start - b.command.start);
    for (const invocation of invocations) {
      // A constraints file pins whatever it lists, and the build cannot see its content.
      if (invocation.options.some((o) => o.name === '-c' || o.name === '--constraint' || o.name === '--constraints')) continue;
      if (environmentOf(model, invocation).get('PIP_CONSTRAINT')) continue;
      const unpinned = unpinnedOperands(model, invocation, isPinnedPythonRequirement);
      if (unpinned.length === 0) continue;
      report(unpinnedReport(invocation, unpinned, commandLabel(invocation), 'pin them as name==version (VCS URLs as …@tag).'));
    }
  },
};
