// Dev helper: node scripts/dev/check-dir.ts <content-root> <lab> <submission-dir>
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findLab, formatIssues, scanCourse } from '@pysec/core';
import { checkLab } from '@pysec/judge';

const [root, labId, sub] = process.argv.slice(2) as [string, string, string];
const { course, issues } = scanCourse(root);
if (issues.length) console.error(formatIssues(issues));
const lab = findLab(course, labId);
const files = new Map<string, Uint8Array>();
if (sub)
  for (const e of readdirSync(sub, { recursive: true, withFileTypes: true }))
    if (e.isFile()) files.set(relative(sub, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name)));
const v = await checkLab(lab, files);
console.log(JSON.stringify(v, null, 2));
