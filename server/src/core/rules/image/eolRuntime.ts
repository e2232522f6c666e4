import type { ImageRule } from '../../rule';
import { judgeRelease, lineageOf } from '../../images/eol';
import { EOL_DATA, eolMessage, severityOf, upgradeFix } from './eolShared';

/** A runtime image (node, python, golang, php, ruby, java, .NET) whose version line is past its end of life. */
export const eolRuntime: ImageRule = {
  kind: 'image',
  id: 'image/eol-runtime',
  title: 'Image ships an end-of-life language runtime',
  severity: 'warning',
  category: 'supply-chain',
  fixable: true,
  equivalents: [],
  compliance: ['NSA-CISA-upgrading', 'CWE-1104'],
  explanation: {
    what:
      'An official runtime image whose tag names a version line past its end of life (error) or within 90 days of it (info): ' +
      '`node:16`, `python:3.8-slim`, `golang:1.21-alpine`, `php:8.0-fpm`, `ruby:3.1`, `eclipse-temurin:19`, ' +
      '`mcr.microsoft.com/dotnet/aspnet:6.0`; and images that are no longer maintained at all (`openjdk`). Dates come from the ' +
      'projects\' published schedules (node-releases for Node.js), embedded and dated.',
    why:
      'After its end of life a runtime gets no security releases: vulnerabilities in the interpreter, its standard library and ' +
      'its TLS stack stay open, and the official image stops being rebuilt, so its OS packages go stale too.',
    fix:
      'Move to a supported version line of the same flavour (`node:22-alpine`, `python:3.12-slim-bookworm`), run the tests, ' +
      'and pin the new tag by digest.',
  },
  fixtures: [
    { text: 'FROM node:16-alpine\n', expect: ['node:16-alpine'], today: '2026-11-26' },
    {
      text: 'FROM node:16-alpine AS app\n',
      expect: ['node:16-alpine'],
      today: '2026-11-26',
      images: [{ reference: 'docker.io/library/node:16-alpine', upgrade: { tag: '26-alpine', digest: 'sha256:' + 'ef'.repeat(32) } }],
      fixed: 'FROM node:26-alpine AS app\n',
      note: 'the registry confirmed a newer supported tag of the same flavour',
    },
    { text: 'FROM python:3.8-slim AS build\nFROM golang:1.22\n', expect: ['python:3.8-slim', 'golang:1.22'], today: '2026-11-26' },
    { text: 'FROM openjdk:17-jdk\n', expect: ['openjdk:17-jdk'], today: '2026-11-26', note: 'deprecated image' },
    { text: 'FROM mcr.microsoft.com/dotnet/aspnet:8.0\n', expect: ['mcr.microsoft.com/dotnet/aspnet:8.0'], today: '2026-09-01', note: 'ends within 90 days: info' },
    { text: 'FROM node:22-bookworm-slim\nFROM python:3.13\nFROM eclipse-temurin:21-jre\nFROM node:lts\nFROM python\n', expect: [], today: '2026-11-26' },
    {
      text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: node:14.21.3\n',
      expect: ['node:14.21.3'],
      fileName: 'deploy.yaml',
      today: '2026-11-26',
    },
  ],
  check({ model, report, today, images }) {
    if (!today) return;
    for (const use of model.uses) {
      const lineage = lineageOf(use.ref, EOL_DATA);
      if (lineage.deprecated && lineage.runtime) {
        report({
          start: use.start,
          end: use.end,
          severity: 'error',
          message: `The ${use.label} (${use.text}): ${lineage.deprecated.reason} (since ${lineage.deprecated.since}); use ${lineage.deprecated.replacement}.`,
        });
        continue;
      }
      if (!lineage.runtime) continue;
      const judgement = judgeRelease(EOL_DATA, lineage.runtime.product, lineage.runtime.release, today);
      const severity = judgement && severityOf(judgement);
      if (!judgement || !severity) continue;
      const message = eolMessage(`The ${use.label} (${use.text})`, judgement, today).replace(' is built on ', ' ships ');
      const fix = upgradeFix(model.text, use, images);
      report({ start: use.start, end: use.end, severity, message, fixes: fix ? [fix] : undefined });
    }
  },
};
