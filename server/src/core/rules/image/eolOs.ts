import type { ImageRule } from '../../rule';
import { judgeRelease, lineageOf } from '../../images/eol';
import { EOL_DATA, eolMessage, severityOf, upgradeFix } from './eolShared';

/** A base image whose OS release no longer gets security fixes. */
export const eolOs: ImageRule = {
  kind: 'image',
  id: 'image/eol-os',
  title: 'Image built on an end-of-life OS release',
  severity: 'warning',
  category: 'supply-chain',
  fixable: true,
  equivalents: [],
  compliance: ['CIS-Docker-4.3', 'NSA-CISA-upgrading', 'CWE-1104'],
  explanation: {
    what:
      'An image reference whose name and tag say which OS release it is built on — `debian:buster`, `ubuntu:18.04`, ' +
      '`alpine:3.15`, `node:18-alpine3.17`, `python:3.11-slim-bullseye`, `redhat/ubi7` — when that release is past its end ' +
      'of life (error), past regular support with only LTS or paid support left (warning), or within 90 days of its end (info). ' +
      'The dates are embedded (Debian\'s distro-info-data, the distributions\' published schedules; `npm run update-data`), so ' +
      'no network is needed; the hover says when the data was built.',
    why:
      'An end-of-life release gets no security updates: every vulnerability found in its packages from then on stays open in ' +
      'every image built on it, and scanners stop listing fixes for it. Debian LTS and Ubuntu ESM cover only part of the ' +
      'archive, and their fixes reach official images only while those images are still rebuilt.',
    fix:
      'Move to a supported release of the same flavour: `debian:bookworm-slim` instead of `debian:buster-slim`, ' +
      '`node:22-alpine3.21` instead of `node:18-alpine3.17`, and rebuild. Pin the new tag by digest.',
  },
  fixtures: [
    { text: 'FROM debian:buster-slim\nRUN echo hi\n', expect: ['debian:buster-slim'], today: '2026-11-26', note: 'Debian 10: LTS ended 2024-06-30, only paid ELTS left' },
    {
      text: 'FROM python:3.8-slim-bullseye AS build\nFROM debian:bookworm\n',
      expect: ['python:3.8-slim-bullseye', 'debian:bookworm'],
      today: '2026-11-26',
      note: 'Debian 11: LTS ended 2026-08-31; Debian 12: regular support ended 2026-07-11, LTS until 2028',
    },
    {
      text: 'FROM alpine:3.12\n',
      expect: ['alpine:3.12'],
      today: '2026-11-26',
      images: [{ reference: 'docker.io/library/alpine:3.12', upgrade: { tag: '3.23', digest: 'sha256:' + '12'.repeat(32) } }],
      fixed: 'FROM alpine:3.23\n',
    },
    { text: 'FROM alpine:3.21\n', expect: ['alpine:3.21'], today: '2026-09-01', note: 'ending within 90 days: info' },
    { text: 'FROM debian:trixie-slim\nFROM ubuntu:24.04\nFROM alpine:3.22\nFROM node:22-trixie\n', expect: [], today: '2026-11-26' },
    { text: 'ARG BASE=ubuntu:18.04\nFROM $BASE\n', expect: ['$BASE'], today: '2026-11-26', note: 'ARG expansion; Ubuntu 18.04 has only ESM left' },
    {
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: "debian:stretch"\n',
      expect: ['debian:stretch'],
      fileName: 'pod.yaml',
      today: '2026-11-26',
    },
    { text: 'services:\n  db:\n    image: centos:7\n', expect: ['centos:7'], fileName: 'compose.yaml', today: '2026-11-26' },
    { text: 'FROM gcr.io/distroless/static-debian11:nonroot\n', expect: ['gcr.io/distroless/static-debian11:nonroot'], today: '2026-11-26', note: 'distroless names its Debian release' },
    { text: 'FROM debian:latest\nFROM scratch\nFROM debian:trixie AS base\nFROM base\n', expect: [], today: '2026-11-26', note: 'latest, scratch and stage names are not judged' },
  ],
  check({ model, report, today, images }) {
    if (!today) return;
    for (const use of model.uses) {
      const lineage = lineageOf(use.ref, EOL_DATA);
      if (lineage.deprecated && !lineage.runtime) {
        report({
          start: use.start,
          end: use.end,
          severity: 'error',
          message: `${use.label} uses ${use.text}: ${lineage.deprecated.reason} (since ${lineage.deprecated.since}); use ${lineage.deprecated.replacement}.`,
        });
        continue;
      }
      if (!lineage.os) continue;
      const judgement = judgeRelease(EOL_DATA, lineage.os.product, lineage.os.release, today);
      const severity = judgement && severityOf(judgement);
      if (!judgement || !severity) continue;
      const fix = upgradeFix(model.text, use, images);
      report({ start: use.start, end: use.end, severity, message: eolMessage(`The ${use.label} (${use.text})`, judgement, today), fixes: fix ? [fix] : undefined });
    }
  },
};
