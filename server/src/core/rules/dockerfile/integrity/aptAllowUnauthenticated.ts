import type { DockerfileRule } from '../../../rule';
import { findOptions, invocationsOfPrograms, literalTexts, removeOptionFix } from '../shell/invocations';
import { APT_PROGRAMS, APT_SPEC, aptConfigOptions, isTruthy } from './aptOptions';

/** apt installing packages that fail authentication. */
export const aptAllowUnauthenticated: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/apt-allow-unauthenticated',
  title: 'apt-get --allow-unauthenticated installs unsigned packages',
  severity: 'error',
  category: 'integrity',
  equivalents: ['checkov:CKV2_DOCKER_8'],
  compliance: ['CWE-494', 'CIS-Docker-4.11'],
  fixable: true,
  explanation: {
    what: '`apt-get`/`apt`/`aptitude` with `--allow-unauthenticated`, `-o APT::Get::AllowUnauthenticated=true`, or that setting written to an apt.conf file.',
    why: 'apt then installs packages it cannot authenticate against a trusted repository key, so a mirror or man-in-the-middle can substitute them.',
    fix: 'Remove the option and install the repository key with `signed-by`:\n\n```dockerfile\nRUN curl -fsSL https://repo.example/key.gpg -o /usr/share/keyrings/example.gpg \\\n && echo "deb [signed-by=/usr/share/keyrings/example.gpg] https://repo.example stable main" > /etc/apt/sources.list.d/example.list\n```',
  },
  fixtures: [
    {
      text: 'FROM debian:12\nRUN apt-get install -y --allow-unauthenticated curl=7.88.1-10\n',
      expect: ['--allow-unauthenticated'],
      fixed: 'FROM debian:12\nRUN apt-get install -y curl=7.88.1-10\n',
    },
    { text: 'FROM debian:12\nRUN apt-get -o APT::Get::AllowUnauthenticated=true install -y curl\n', expect: ['APT::Get::AllowUnauthenticated=true'] },
    { text: "FROM debian:12\nRUN echo 'APT::Get::AllowUnauthenticated \"true\";' > /etc/apt/apt.conf.d/99unauth\n", expect: ["'APT::Get"] },
    { text: 'FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n', expect: [] },
  ],
  check({ model, report }) {
    for (const inv of invocationsOfPrograms(model, [...APT_PROGRAMS])) {
      for (const hit of findOptions(inv.args, ['--allow-unauthenticated'], APT_SPEC)) {
        const fix = removeOptionFix(model, hit, 'Remove --allow-unauthenticated');
        report({ start: hit.word.start, end: hit.word.end, message: `${inv.program} --allow-unauthenticated installs packages that fail signature checks; remove it and add the repository key (signed-by).`, fixes: fix ? [fix] : undefined });
      }
      for (const option of aptConfigOptions(inv.args)) {
        if (/^APT::Get::AllowUnauthenticated$/i.test(option.key) && isTruthy(option.value)) {
          const valueWord = option.hit.wholeWord && option.hit.name === '-o' ? inv.args[inv.args.indexOf(option.hit.word) + 1] ?? option.hit.word : option.hit.word;
          report({ start: valueWord.start, end: valueWord.end, message: `${option.key}=${option.value} makes ${inv.program} install unauthenticated packages; remove it.` });
        }
      }
    }
    for (const literal of literalTexts(model)) {
      if (literal.text.includes('::') && /APT::Get::AllowUnauthenticated\s+"?(1|true|yes)"?/i.test(literal.text)) {
        report({ start: literal.start, end: literal.end, message: 'An apt.conf entry APT::Get::AllowUnauthenticated "true" lets every later apt install unsigned packages; remove it.' });
      }
    }
  },
};
