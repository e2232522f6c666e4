/**
 * Image references in all three kinds of file, and the end-of-life judgement read from a
 * reference's name and tag against the embedded data.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from '../../server/src/core/documents/dockerfile';
import { parseKubernetes } from '../../server/src/core/documents/kubernetes';
import { parseCompose } from '../../server/src/core/documents/compose';
import { imageUses } from '../../server/src/core/images/references';
import { judgeRelease, lineageOf, newestSupported } from '../../server/src/core/images/eol';
import { EOL_DATA } from '../../server/src/core/images/eolData';
import { parseImageReference } from '../../server/src/core/documents/imageReference';
import { todayIso } from '../../server/src/clock';

describe('image references', () => {
  it('Dockerfile: FROM with ARG expansion and --platform, COPY --from and RUN --mount from; stage names and scratch excluded', () => {
    const text =
      'ARG NODE=20\nFROM --platform=linux/arm64 node:${NODE}-alpine3.19 AS build\nFROM build AS test\nFROM scratch AS empty\n' +
      'FROM gcr.io/distroless/nodejs20-debian12\nCOPY --from=build /app /app\nCOPY --from=busybox:1.36 /bin/busybox /bin/\n' +
      'RUN --mount=type=bind,from=alpine:3.20,target=/x true\n';
    const uses = imageUses('dockerfile', parseDockerfile(text));
    assert.deepEqual(
      uses.map((u) => [u.where, u.text, text.slice(u.start, u.end), u.platform, u.runs, u.label]),
      [
        ['FROM', 'node:20-alpine3.19', 'node:${NODE}-alpine3.19', 'linux/arm64', false, 'base image of stage "build"'],
        ['FROM', 'gcr.io/distroless/nodejs20-debian12', 'gcr.io/distroless/nodejs20-debian12', undefined, true, 'base image of the final stage'],
        ['COPY --from', 'busybox:1.36', 'busybox:1.36', undefined, false, 'image copied from'],
        ['RUN --mount from', 'alpine:3.20', 'alpine:3.20', undefined, false, 'image mounted in RUN'],
      ],
    );
  });

  it('Kubernetes: every container list of every pod-bearing kind, quotes excluded from the range', () => {
    const text =
      'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n' +
      '          initContainers: [{name: init, image: "busybox:1.36"}]\n          containers:\n          - name: app\n            image: registry.example.com:5000/team/app@sha256:' +
      'a'.repeat(64) +
      '\n          ephemeralContainers: [{name: debug, image: alpine}]\n';
    const uses = imageUses('kubernetes', parseKubernetes(text));
    assert.deepEqual(
      uses.map((u) => [text.slice(u.start, u.end), u.ref.registry, u.ref.digest !== undefined, u.runs, u.label]),
      [
        ['busybox:1.36', 'docker.io', false, true, 'init container "init" of CronJob "c"'],
        [`registry.example.com:5000/team/app@sha256:${'a'.repeat(64)}`, 'registry.example.com:5000', true, true, 'container "app" of CronJob "c"'],
        ['alpine', 'docker.io', false, false, 'ephemeral container "debug" of CronJob "c"'],
      ],
    );
  });

  it('compose: image of each service, through merges; interpolated images are not judged', () => {
    const text = 'x-base: &base\n  image: redis:7.4\nservices:\n  cache:\n    <<: *base\n  web:\n    image: "nginx:1.27"\n    platform: linux/amd64\n  app:\n    image: ${APP_IMAGE}\n';
    const uses = imageUses('compose', parseCompose(text));
    assert.deepEqual(
      uses.map((u) => [text.slice(u.start, u.end), u.label, u.platform]),
      [
        ['redis:7.4', 'service "cache"', undefined],
        ['nginx:1.27', 'service "web"', 'linux/amd64'],
      ],
    );
  });
});

describe('end-of-life data and judgement', () => {
  const lineage = (reference: string) => lineageOf(parseImageReference(reference)!, EOL_DATA);

  it('reads the OS and runtime from official image tags', () => {
    assert.deepEqual(lineage('debian:bullseye-slim'), { os: { product: 'debian', release: '11' } });
    assert.deepEqual(lineage('debian:12.5'), { os: { product: 'debian', release: '12' } });
    assert.deepEqual(lineage('ubuntu:jammy-20240227'), { os: { product: 'ubuntu', release: '22.04' } });
    assert.deepEqual(lineage('alpine:3.19.1'), { os: { product: 'alpine', release: '3.19' } });
    assert.deepEqual(lineage('node:18.19.0-alpine3.18'), { runtime: { product: 'node', release: '18' }, os: { product: 'alpine', release: '3.18' } });
    assert.deepEqual(lineage('python:3.8-slim-buster'), { runtime: { product: 'python', release: '3.8' }, os: { product: 'debian', release: '10' } });
    assert.deepEqual(lineage('golang:1.22'), { runtime: { product: 'golang', release: '1.22' }, os: undefined });
    assert.deepEqual(lineage('mcr.microsoft.com/dotnet/aspnet:6.0-jammy'), { runtime: { product: 'dotnet', release: '6.0' }, os: { product: 'ubuntu', release: '22.04' } });
    assert.deepEqual(lineage('registry.access.redhat.com/ubi8/ubi-minimal:8.9'), { os: { product: 'rhel', release: '8' } });
    assert.equal(lineage('openjdk:17').deprecated?.repository, 'library/openjdk');
    assert.deepEqual(lineage('node:latest'), {});
    assert.deepEqual(lineage('myregistry.example.com/debian:buster'), {}, 'only official images are read by name');
  });

  it('grades a release by today: supported, ending soon, extended-only, end of life', () => {
    assert.equal(judgeRelease(EOL_DATA, 'debian', '13', '2026-11-26')?.status, 'supported');
    assert.equal(judgeRelease(EOL_DATA, 'debian', '12', '2026-05-01')?.status, 'ending-soon');
    assert.deepEqual(
      [judgeRelease(EOL_DATA, 'debian', '12', '2026-11-26')?.status, judgeRelease(EOL_DATA, 'debian', '12', '2026-11-26')?.date],
      ['extended-only', '2028-06-30'],
      'Debian 12: regular support ended 2026-07-11, LTS until 2028-06-30',
    );
    assert.equal(judgeRelease(EOL_DATA, 'alpine', '3.12', '2026-11-26')?.status, 'end-of-life');
    assert.equal(judgeRelease(EOL_DATA, 'node', '16', '2026-11-26')?.status, 'end-of-life');
    assert.equal(judgeRelease(EOL_DATA, 'debian', '99', '2026-11-26'), undefined, 'unknown releases are not judged');
    assert.equal(newestSupported(EOL_DATA, 'node', '2026-11-26')?.release, '26', 'the newest LTS line');
    assert.match(EOL_DATA.builtAt, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(EOL_DATA.products.debian.source, /distro-info-data/);
  });

  it('takes today from DRYDOCK_TODAY when pinned, else the clock', () => {
    assert.equal(todayIso({ DRYDOCK_TODAY: '2030-01-02' }), '2030-01-02');
    assert.equal(todayIso({ DRYDOCK_TODAY: 'soon' }, new Date('2026-11-26T23:00:00Z')), '2026-11-26');
  });
});
