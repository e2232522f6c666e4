import type { DockerfileRule } from '../../../rule';
import { findOptions, invocationsOfPrograms, literalTexts, perInstruction, removeOptionFix } from '../shell/invocations';

/** curl short options that consume a value, so `-ok` writes to a file named `k` rather than disabling TLS. */
export const CURL_SHORT_WITH_VALUE = 'AbcCdDeEFHKmoPQrtTuUwxXyYz';
export const CURL_LONG_WITH_VALUE = [
  '--output', '--header', '--user', '--proxy', '--data', '--data-raw', '--data-binary', '--data-urlencode', '--user-agent',
  '--referer', '--cookie', '--cookie-jar', '--upload-file', '--request', '--write-out', '--max-time', '--range', '--continue-at',
  '--cert', '--config', '--form', '--proxy-user', '--quote', '--telnet-option', '--connect-timeout', '--retry', '--cacert',
  '--capath', '--key', '--output-dir', '--url', '--resolve', '--retry-delay', '--retry-max-time', '--limit-rate', '--interface',
];

const INSECURE = ['--insecure', '-k', '--proxy-insecure', '--doh-insecure'];

/** `curl -k`: TLS certificate verification switched off for a download. */
export const curlInsecure: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/curl-insecure',
  title: 'curl with certificate verification disabled (-k/--insecure)',
  severity: 'error',
  category: 'integrity',
  equivalents: ['checkov:CKV2_DOCKER_2'],
  compliance: ['CWE-295', 'CIS-Docker-4.11'],
  fixable: true,
  explanation: {
    what: '`curl -k` / `--insecure` (also inside bundles such as `-fsSLk`, and `--proxy-insecure` / `--doh-insecure`, or `insecure` written to a `.curlrc`) tells curl to accept any TLS certificate.',
    why:
      'Anyone on the network path between the builder and the server (a proxy, a compromised Wi-Fi, a hijacked DNS entry) can serve a ' +
      'different file, and it ends up in your image. The build still "works", so nobody notices.',
    fix:
      'Remove the flag. If the server uses a private CA, install that CA instead of turning verification off:\n\n' +
      '```dockerfile\nCOPY corp-ca.crt /usr/local/share/ca-certificates/\nRUN update-ca-certificates && curl -fsSL https://intranet/tool.tgz -o /tmp/tool.tgz\n```',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nRUN curl -k https://example.com/x -o /x\n', expect: ['-k'], fixed: 'FROM alpine:3.20\nRUN curl https://example.com/x -o /x\n' },
    { text: 'FROM alpine:3.20\nRUN curl -fsSLk https://example.com/x -o /x\n', expect: ['-fsSLk'], fixed: 'FROM alpine:3.20\nRUN curl -fsSL https://example.com/x -o /x\n' },
    {
      text: 'FROM alpine:3.20\nRUN apk add curl \\\n    && sudo curl \\\n      --insecure \\\n      https://example.com/x -o /x\n',
      expect: ['--insecure'],
      fixed: 'FROM alpine:3.20\nRUN apk add curl \\\n    && sudo curl \\\n      https://example.com/x -o /x\n',
    },
    { text: 'FROM alpine:3.20\nRUN ["curl", "--insecure", "https://example.com"]\n', expect: ['--insecure'], fixed: 'FROM alpine:3.20\nRUN ["curl", "https://example.com"]\n', note: 'exec form' },
    { text: 'FROM alpine:3.20\nRUN <<EOF\ncurl -sk https://example.com -o /x\nEOF\n', expect: ['-sk'], note: 'heredoc script' },
    { text: 'FROM alpine:3.20\nRUN echo insecure >> ~/.curlrc\n', expect: ['insecure'] },
    {
      text: 'FROM alpine:3.20\r\nRUN apk add curl \\\r\n    # fetch the tool\r\n    && curl -k https://example.com/x -o /x\r\n',
      expect: ['-k'],
      fixed: 'FROM alpine:3.20\r\nRUN apk add curl \\\r\n    # fetch the tool\r\n    && curl https://example.com/x -o /x\r\n',
      note: 'CRLF and a comment inside the continuation',
    },
    { text: 'FROM alpine:3.20\nRUN curl -fsSL https://example.com/x -o /x\n', expect: [] },
    { text: 'FROM alpine:3.20\nRUN curl -ok https://example.com/x && wget -k https://example.com\n', expect: [], note: '-ok writes to a file named k; wget -k converts links' },
    { text: 'FROM alpine:3.20\n# RUN curl -k https://example.com\nRUN echo "-k is curl\'s insecure flag"\n', expect: [] },
  ],
  check({ model, report }) {
    const reported = new Set<number>();
    for (const inv of invocationsOfPrograms(model, ['curl'])) {
      for (const a of inv.args) reported.add(a.start);
      for (const hit of findOptions(inv.args, INSECURE, { shortWithValue: CURL_SHORT_WITH_VALUE, longWithValue: CURL_LONG_WITH_VALUE })) {
        const what = hit.name === '--proxy-insecure' ? 'the HTTPS proxy certificate' : hit.name === '--doh-insecure' ? 'the DNS-over-HTTPS server certificate' : 'the server certificate';
        const fix = removeOptionFix(model, hit, `Remove ${hit.name} from curl`);
        report({
          start: hit.word.start,
          end: hit.word.end,
          message: `curl ${hit.name} skips verification of ${what}; remove it (install a private CA if needed) so a tampered download cannot enter the image.`,
          fixes: fix ? [fix] : undefined,
        });
      }
    }
    const writesCurlrc = perInstruction((instruction) => instruction.argsText.includes('.curlrc') && /\.curlrc\b/.test(instruction.argsText));
    for (const literal of literalTexts(model)) {
      // `insecure` as a line of a .curlrc written by echo/printf/heredoc.
      if (reported.has(literal.start) || !writesCurlrc(literal.instruction)) continue;
      if (!/^\s*(--insecure|insecure|-k)\s*$/.test(literal.text)) continue;
      report({ start: literal.start, end: literal.end, message: 'A .curlrc with `insecure` turns off certificate verification for every later curl; remove that line.' });
    }
  },
};
