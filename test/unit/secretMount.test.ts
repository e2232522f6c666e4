/**
 * The BuildKit secret-mount fix of the ARG/ENV secret rules: when it is offered, what it says, and
 * every case where it must not be offered because the build would silently lose the value. The
 * rules' fixtures show the edits; these cases have no `fixed` text to show.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadShellParser } from '../../server/src/shellParserLoader';
import { analyzeDocument } from '../../server/src/core/engine';
import type { ShellParser } from '../../server/src/core/documents/shell';
import type { Finding } from '../../server/src/core/findings';
import { secretInArgOrEnv } from '../../server/src/core/rules/dockerfile/secrets/secretInArgOrEnv';
import { modelSecret } from '../../server/src/core/rules/model/secret';
import { predictionsFrom, secretKey } from '../../server/src/core/model/predictions';

let shellParser: ShellParser;
before(async () => {
  shellParser = await loadShellParser();
});

function findingsOf(text: string): Finding[] {
  return analyzeDocument({ fileName: 'Dockerfile', text }, undefined, { shellParser, rules: [secretInArgOrEnv] }).findings;
}

function fixTitles(text: string): (string | undefined)[] {
  return findingsOf(text).map((f) => f.fixes?.[0]?.title);
}

describe('secret mount fix', () => {
  it('names the variable and the RUN lines in its title, and the docker build flag in the message', () => {
    const [finding] = findingsOf('FROM alpine:3.22\nARG NPM_TOKEN\nRUN a "$NPM_TOKEN"\nRUN b ${NPM_TOKEN}\n');
    assert.equal(finding.fixes?.[0].title, 'Use a BuildKit secret mount for NPM_TOKEN (2 RUN lines)');
    assert.equal(finding.fixes?.[0].isPreferred, true);
    assert.match(finding.message, /then build with `docker build --secret id=npm_token,env=NPM_TOKEN`\.$/);
  });

  it('is not offered when no RUN names the variable: the value is needed at run time', () => {
    const [finding] = findingsOf('FROM alpine:3.22\nENV API_TOKEN=9f8e7d6c5b4a39281726\nRUN echo "$API_TOKEN_FILE"\nCMD ["./serve"]\n');
    assert.equal(finding.fixes, undefined);
    assert.doesNotMatch(finding.message, /docker build --secret/);
  });

  it('is not offered when something other than a RUN command expands the variable', () => {
    const uses = [
      'LABEL token=$NPM_TOKEN',
      'COPY ${NPM_TOKEN}.txt /tmp/',
      'ENV REGISTRY_URL=https://ci:$NPM_TOKEN@npm.example.com',
      'CMD ./serve --token "$NPM_TOKEN"',
      'ONBUILD RUN echo $NPM_TOKEN',
      'RUN --mount=type=cache,id=$NPM_TOKEN,target=/c echo hi',
    ];
    for (const use of uses) {
      assert.deepEqual(fixTitles(`FROM node:22\nARG NPM_TOKEN\nRUN npm ci --token "$NPM_TOKEN"\n${use}\n`), [undefined], use);
    }
  });

  it('is not offered for global ARGs, ONBUILD triggers and names a shell cannot expand', () => {
    assert.deepEqual(fixTitles('ARG NPM_TOKEN\nFROM node:22\nRUN npm ci --token "$NPM_TOKEN"\n'), [undefined]);
    assert.deepEqual(fixTitles('FROM node:22\nONBUILD ARG NPM_TOKEN\nONBUILD RUN npm ci --token "$NPM_TOKEN"\n'), [undefined]);
    assert.deepEqual(fixTitles('FROM node:22\nARG npm.token\nRUN npm ci --token "$npm"\n'), [undefined]);
  });

  it('is not offered when the file pins a Dockerfile syntax without env= on secret mounts (before 1.10)', () => {
    const body = 'FROM node:22\nARG NPM_TOKEN\nRUN npm ci --token "$NPM_TOKEN"\n';
    assert.deepEqual(fixTitles(`# syntax=docker/dockerfile:1.4\n${body}`), [undefined]);
    assert.deepEqual(fixTitles(`# syntax=docker/dockerfile:1.9-labs\n${body}`), [undefined]);
    assert.deepEqual(fixTitles(`# syntax=docker/dockerfile:1.10\n${body}`), ['Use a BuildKit secret mount for NPM_TOKEN (1 RUN line)']);
    assert.deepEqual(fixTitles(`# syntax=docker/dockerfile:1\n${body}`), ['Use a BuildKit secret mount for NPM_TOKEN (1 RUN line)']);
  });

  it('counts exec-form RUNs, whose shell may expand the variable', () => {
    const text = 'FROM alpine:3.22\nARG API_TOKEN\nRUN ["sh", "-c", "curl -H \\"X-Token: $API_TOKEN\\" https://example.com"]\n';
    const [finding] = findingsOf(text);
    assert.equal(finding.fixes?.[0].title, 'Use a BuildKit secret mount for API_TOKEN (1 RUN line)');
    const edits = finding.fixes![0].edits;
    assert.deepEqual(edits.map((e) => [e.range.start, e.newText]), [
      [{ line: 2, character: 4 }, '--mount=type=secret,id=api_token,env=API_TOKEN '],
      [{ line: 1, character: 0 }, ''],
    ]);
  });

  it('does not take `$NAME_OTHER` for `$NAME`', () => {
    assert.deepEqual(fixTitles('FROM alpine:3.22\nARG API_TOKEN\nRUN echo "$API_TOKEN_FILE ${API_TOKEN_PATH}"\n'), [undefined]);
  });

  it('each of two assignments of one name covers the RUNs up to the next one', () => {
    const text = 'FROM alpine:3.22\nARG API_TOKEN\nRUN a "$API_TOKEN"\nARG API_TOKEN\nRUN b "$API_TOKEN"\nRUN c "$API_TOKEN"\n';
    assert.deepEqual(fixTitles(text), ['Use a BuildKit secret mount for API_TOKEN (1 RUN line)', 'Use a BuildKit secret mount for API_TOKEN (2 RUN lines)']);
  });

  it('model/secret offers it for an ENV the model rates a real secret', () => {
    const text = 'FROM alpine:3.22\nENV CONN_STRING=Zq8vR2mL9kP4rT7wY1nBx6\nRUN ./migrate "$CONN_STRING"\n';
    const predictions = predictionsFrom([], [[secretKey({ value: 'Zq8vR2mL9kP4rT7wY1nBx6', name: 'CONN_STRING', context: 'dockerfile-env' }), { score: 0.97, threshold: 0.5, evidence: [], model: 'test' }]]);
    const [finding] = analyzeDocument({ fileName: 'Dockerfile', text }, undefined, { shellParser, rules: [modelSecret], predictions }).findings;
    assert.equal(finding.fixes?.[0].title, 'Use a BuildKit secret mount for CONN_STRING (1 RUN line)');
    assert.match(finding.message, /`docker build --secret id=conn_string,env=CONN_STRING`\.$/);
  });
});
