import type { DockerfileRule } from '../../../rule';
import { checkLabelValues, valueFixtures } from './labels';

/** Common SPDX license ids (a compact subset of the registry, matched case-insensitively). */
const SPDX_IDS = new Set(
  [
    '0BSD', 'AFL-3.0', 'AGPL-1.0', 'AGPL-3.0', 'AGPL-3.0-only', 'AGPL-3.0-or-later', 'Apache-1.0', 'Apache-1.1', 'Apache-2.0', 'APSL-2.0',
    'Artistic-1.0', 'Artistic-2.0', 'BlueOak-1.0.0', 'BSD-1-Clause', 'BSD-2-Clause', 'BSD-2-Clause-Patent', 'BSD-3-Clause', 'BSD-3-Clause-Clear',
    'BSD-4-Clause', 'BSL-1.0', 'BUSL-1.1', 'CAL-1.0', 'CC-BY-3.0', 'CC-BY-4.0', 'CC-BY-SA-3.0', 'CC-BY-SA-4.0', 'CC-BY-NC-4.0', 'CC-BY-ND-4.0',
    'CC-BY-NC-SA-4.0', 'CC0-1.0', 'CDDL-1.0', 'CDDL-1.1', 'CECILL-2.1', 'CPAL-1.0', 'CPL-1.0', 'ECL-2.0', 'EFL-2.0', 'EPL-1.0', 'EPL-2.0',
    'EUPL-1.1', 'EUPL-1.2', 'GFDL-1.3', 'GFDL-1.3-only', 'GFDL-1.3-or-later', 'GPL-1.0', 'GPL-1.0-only', 'GPL-1.0-or-later', 'GPL-2.0',
    'GPL-2.0-only', 'GPL-2.0-or-later', 'GPL-3.0', 'GPL-3.0-only', 'GPL-3.0-or-later', 'HPND', 'ICU', 'IJG', 'ImageMagick', 'IPL-1.0', 'ISC',
    'JSON', 'LGPL-2.0', 'LGPL-2.0-only', 'LGPL-2.0-or-later', 'LGPL-2.1', 'LGPL-2.1-only', 'LGPL-2.1-or-later', 'LGPL-3.0', 'LGPL-3.0-only',
    'LGPL-3.0-or-later', 'Libpng', 'libtiff', 'LPL-1.02', 'LPPL-1.3c', 'MIT', 'MIT-0', 'MIT-CMU', 'MPL-1.0', 'MPL-1.1', 'MPL-2.0',
    'MPL-2.0-no-copyleft-exception', 'MS-PL', 'MS-RL', 'MulanPSL-2.0', 'NCSA', 'ODbL-1.0', 'OFL-1.1', 'OpenSSL', 'OSL-3.0', 'PHP-3.0', 'PHP-3.01',
    'PostgreSQL', 'PSF-2.0', 'Python-2.0', 'Ruby', 'SSPL-1.0', 'Unicode-DFS-2016', 'Unicode-3.0', 'Unlicense', 'UPL-1.0', 'Vim', 'W3C', 'WTFPL',
    'X11', 'Xnet', 'Zlib', 'zlib-acknowledgement', 'ZPL-2.0', 'ZPL-2.1',
  ].map((id) => id.toLowerCase()),
);
const SPDX_EXCEPTIONS = new Set(['classpath-exception-2.0', 'llvm-exception', 'gcc-exception-3.1', 'openvpn-openssl-exception', 'autoconf-exception-3.0', 'bison-exception-2.2', 'font-exception-2.0', 'linux-syscall-note', 'qt-gpl-exception-1.0']);

/** An SPDX license expression: ids (optionally `+`), `LicenseRef-…`, combined with AND / OR / WITH and parentheses. */
function isSpdxExpression(value: string): boolean {
  const tokens = value.replace(/[()]/g, ' $& ').trim().split(/\s+/);
  let depth = 0;
  let expectOperand = true;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const upper = token.toUpperCase();
    if (token === '(') {
      if (!expectOperand) return false;
      depth++;
    } else if (token === ')') {
      if (expectOperand || --depth < 0) return false;
    } else if (upper === 'AND' || upper === 'OR') {
      if (expectOperand) return false;
      expectOperand = true;
    } else if (upper === 'WITH') {
      if (expectOperand || !SPDX_EXCEPTIONS.has((tokens[++i] ?? '').toLowerCase())) return false;
    } else {
      if (!expectOperand) return false;
      const id = token.replace(/\+$/, '').toLowerCase();
      if (!SPDX_IDS.has(id) && !/^(documentref-[a-z0-9.-]+:)?licenseref-[a-z0-9.-]+$/i.test(token)) return false;
      expectOperand = false;
    }
  }
  return depth === 0 && !expectOperand;
}

/** A label typed `Spdx` in the label schema whose value is not an SPDX license expression. */
export const labelNotSpdx: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/label-not-spdx',
  title: 'Label is not an SPDX license identifier',
  severity: 'warning',
  category: 'maintainability',
  equivalents: ['hadolint:DL3054'],
  compliance: [],
  fixable: false,
  explanation: {
    what:
      'A label whose type in `options.labelSchema` is `Spdx` and whose value is not an SPDX license expression (common ids such as `MIT`, `Apache-2.0`, ' +
      '`GPL-3.0-or-later`, `LicenseRef-…`, combined with AND/OR/WITH). Values built from variables are not judged.',
    why: 'License scanners and SBOM tools read `org.opencontainers.image.licenses` as an SPDX expression; free text ("Apache 2") is reported as unknown.',
    fix: 'Use the SPDX id: `LABEL org.opencontainers.image.licenses="Apache-2.0"` (or `"MIT OR Apache-2.0"`).',
  },
  fixtures: [
    ...valueFixtures('spdxlabel', 'Spdx', 'not-spdx', ['BSD-3-Clause', 'MIT', 'Apache-2.0 OR MIT', '(GPL-2.0-only WITH Classpath-exception-2.0)', 'LicenseRef-Proprietary']),
    { text: 'FROM alpine:3.20\nLABEL spdxlabel="Apache 2"\n', expect: ['"Apache 2"'], config: { options: { labelSchema: { spdxlabel: 'Spdx' } } } },
  ],
  check({ model, report, config }) {
    checkLabelValues(model, config, 'Spdx', isSpdxExpression, 'an SPDX license expression (e.g. MIT, Apache-2.0)', report);
  },
};
