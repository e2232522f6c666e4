import type { DockerfileRule } from '../../../rule';
import { effectiveCommand, type ShellCommand } from '../../../documents/shell';
import { invocationsOf, scanOptions, type Invocation } from '../shell/invocations';
import { CURL_LONG_WITH_VALUE, CURL_SHORT_WITH_VALUE } from '../integrity/curlInsecure';
import { WGET_SHORT_WITH_VALUE } from '../integrity/wgetNoCheckCertificate';
import { isInterpreter, isVerification, runsStdin } from './fetchers';
import { instructionsWith } from '../helpers';

const DISCARD = /^(-|\/dev\/(null|stdout|stderr))$/;
/** Keys, signatures and checksum lists are the verification material itself (fetched over HTTPS, checked by fingerprint or by the signature). */
const VERIFICATION_MATERIAL = /(\.(asc|sig|sign|gpg|pgp|pub|key|pem|minisig|sha(1|256|512)(sum)?|sha256sums?|md5)|SHA\d*SUMS[^/]*|checksums?[^/]*\.txt)$|\/keyrings?\//i;
const EXTRACTORS = new Set(['tar', 'unzip', 'bsdtar', 'cpio', 'dpkg', 'rpm', 'install']);

interface Download {
  /** Where the payload goes: a file name, or `tar` when it is unpacked from a pipe. */
  into: string;
  url?: string;
}

function urlOf(inv: Invocation, operands: { text: string }[]): string | undefined {
  return operands.map((o) => o.text).find((t) => /^(https?|ftp):\/\//.test(t));
}

/** What a curl/wget invocation does with the bytes it downloads, or undefined when nothing lands on disk. */
function downloadOf(inv: Invocation, command: ShellCommand | undefined): Download | undefined {
  const pipeline = command?.pipeline ?? [];
  const next = command ? pipeline[pipeline.indexOf(command) + 1] : undefined;
  const redirect = command?.redirects.find((r) => (r.operator === '>' || r.operator === '>>' || r.operator === '&>') && r.target && !DISCARD.test(r.target.text));
  if (inv.program === 'curl') {
    const { options, operands } = scanOptions(inv.args, { shortWithValue: CURL_SHORT_WITH_VALUE, longWithValue: CURL_LONG_WITH_VALUE });
    const url = urlOf(inv, operands);
    const output = options.find((o) => (o.name === '-o' || o.name === '--output') && o.value && !DISCARD.test(o.value));
    if (output) return { into: output.value!, url };
    if (options.some((o) => o.name === '-O' || o.name === '--remote-name' || o.name === '--remote-name-all')) return { into: url?.split('/').pop() || 'a file', url };
    if (options.some((o) => (o.name === '-o' || o.name === '--output') && o.value && DISCARD.test(o.value) && o.value !== '-')) return undefined;
    if (redirect && !next) return { into: redirect.target!.text, url };
    if (next && EXTRACTORS.has(effectiveCommand(next).program)) return { into: effectiveCommand(next).program, url };
    return undefined;
  }
  if (inv.program === 'wget') {
    const { options, operands } = scanOptions(inv.args, { shortWithValue: WGET_SHORT_WITH_VALUE, longWithValue: ['--output-document', '--directory-prefix', '--output-file', '--append-output'], singleDashLong: ['-nv', '-nc', '-nd', '-nH', '-np'] });
    if (options.some((o) => o.name === '--spider')) return undefined;
    const url = urlOf(inv, operands);
    const document = options.find((o) => o.name === '-O' || o.name === '--output-document');
    if (document && document.value !== undefined && DISCARD.test(document.value)) {
      if (document.value === '-' && next && EXTRACTORS.has(effectiveCommand(next).program)) return { into: effectiveCommand(next).program, url };
      if (document.value === '-' && redirect && !next) return { into: redirect.target!.text, url };
      return undefined;
    }
    if (next && !document) return undefined;
    return { into: document?.value ?? (url?.split(/[/?#]/).filter(Boolean).pop() || 'a file'), url };
  }
  return undefined;
}

/** A file downloaded in a RUN and used without any checksum or signature check in that RUN. */
export const downloadWithoutChecksum: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/download-without-checksum',
  title: 'Download used without checksum or signature verification',
  severity: 'warning',
  category: 'supply-chain',
  equivalents: [],
  compliance: ['CWE-494', 'CIS-Docker-4.11'],
  explanation: {
    what:
      'A RUN that downloads a file with curl or wget (`-o`, `-O`, a redirect, wget\'s default, or a pipe into tar/unzip) but never checks it with ' +
      '`sha256sum -c`, `shasum`, `gpg --verify`, `cosign verify` or similar in the same RUN. Downloads piped straight into a shell are reported by ' +
      '`dockerfile/remote-script-piped-to-shell` instead.',
    why:
      'Without a pinned checksum the image contains whatever the server returned on the day of the build: a compromised release page, a moved ' +
      'tag or a man-in-the-middle changes your image silently, and two builds of the same Dockerfile differ.',
    fix:
      'Pin the expected digest next to the version and check it before use:\n\n' +
      '```dockerfile\nARG TOOL_VERSION=1.4.2\nARG TOOL_SHA256=9b7c…41d2\nRUN curl -fsSLo /tmp/tool.tgz https://example.com/tool-${TOOL_VERSION}.tgz \\\n' +
      ' && echo "${TOOL_SHA256}  /tmp/tool.tgz" | sha256sum -c - \\\n && tar -xzf /tmp/tool.tgz -C /usr/local/bin \\\n && rm /tmp/tool.tgz\n```\n\n' +
      'Or let BuildKit verify it: `ADD --checksum=sha256:<digest> https://example.com/tool.tgz /tmp/`.',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN curl -fsSLo /usr/local/bin/tool https://example.com/tool && chmod +x /usr/local/bin/tool\n', expect: ['curl'] },
    { text: 'FROM debian:12\nRUN wget -q https://example.com/tool.tgz && tar -xzf tool.tgz\n', expect: ['wget'] },
    { text: 'FROM debian:12\nRUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /opt\n', expect: ['curl'] },
    { text: 'FROM debian:12\nRUN curl -fsSL https://example.com/key > /etc/key\n', expect: ['curl'] },
    { text: 'FROM debian:12\nRUN <<EOF\ncurl -fsSLO https://example.com/tool.tgz\ntar -xzf tool.tgz\nEOF\n', expect: ['curl'], note: 'heredoc script' },
    {
      text: 'FROM debian:12\nARG SHA=abc\nRUN curl -fsSLo /tmp/t.tgz https://example.com/t.tgz \\\n && echo "$SHA  /tmp/t.tgz" | sha256sum -c - \\\n && tar -xzf /tmp/t.tgz\n',
      expect: [],
    },
    { text: 'FROM debian:12\nRUN wget -q https://example.com/t.tgz https://example.com/t.tgz.asc && gpg --batch --verify t.tgz.asc t.tgz\n', expect: [] },
    { text: 'FROM debian:12\nRUN curl -fsSL https://get.example.com | sh\n', expect: [], note: 'reported by remote-script-piped-to-shell' },
    { text: 'FROM debian:12\nRUN curl -fsSL https://download.docker.com/linux/debian/gpg -o /etc/apt/keyrings/docker.asc\n', expect: [], note: 'keys and signatures are verification material' },
    { text: 'FROM debian:12\nRUN curl -fsS -o /dev/null http://localhost:8080/health && wget -qO- https://api.example.com/v | jq .\n', expect: [] },
  ],
  check({ model, report }) {
    for (const instruction of instructionsWith(model, ['RUN'])) {
      const invs = invocationsOf(instruction);
      if (invs.some(isVerification)) continue;
      for (const inv of invs) {
        if (inv.program !== 'curl' && inv.program !== 'wget') continue;
        const pipeline = inv.command?.pipeline ?? [];
        const later = inv.command ? pipeline.slice(pipeline.indexOf(inv.command) + 1).map(effectiveCommand) : [];
        if (later.some((c) => isInterpreter(c.program) && runsStdin(c))) continue;
        const download = downloadOf(inv, inv.command);
        if (!download || VERIFICATION_MATERIAL.test(download.into) || (download.url && VERIFICATION_MATERIAL.test(download.url.split(/[?#]/)[0]))) continue;
        const what = download.url ? ` of ${download.url}` : '';
        const where = EXTRACTORS.has(download.into) ? `unpacked by ${download.into}` : `saved to ${download.into}`;
        report({
          start: inv.nameWord.start,
          end: inv.nameWord.end,
          message: `Download${what} (${where}) is not verified in this RUN; check it against a pinned sha256 (sha256sum -c) or a signature before using it.`,
        });
      }
    }
  },
};
