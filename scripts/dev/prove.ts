// Dev helper: node scripts/dev/prove.ts <content-root> <lab-id>
import { findLab, formatIssues, scanCourse } from '@pysec/core';
import { proveLab } from '@pysec/judge';

const [root, labId] = process.argv.slice(2) as [string, string];
const { course, issues } = scanCourse(root);
if (issues.length) console.error(`content issues:\n${formatIssues(issues)}`);
const results = await proveLab(findLab(course, labId), (r) =>
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.case} (${Math.round(r.durationMs)} ms)${r.problem ? `\n     ${r.problem}` : ''}`),
);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
