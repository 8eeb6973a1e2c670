// Dev helper: how often does a known-bad fix fail the checks it names? (flaky judges)
//   node scripts/dev/repeat-bad.ts <content-root> <lab-id> <bad-fix-name> [runs]
import { findLab, scanCourse } from '@pysec/core';
import { checkLab, withOverlay } from '@pysec/judge';

const [root, labId, name, n = '20'] = process.argv.slice(2) as [string, string, string, string?];
const lab = findLab(scanCourse(root).course, labId);
const bad = lab.spec.bad_fixes.find((b) => b.name === name);
if (!bad) throw new Error(`no bad fix ${name}`);
const misses = new Map<string, number>(bad.fails.map((id) => [id, 0]));
for (let i = 0; i < Number(n); i++) {
  const v = await checkLab(lab, withOverlay(lab, 'solution', `bad-fixes/${name}`), { step: bad.step, revealHidden: true });
  for (const id of bad.fails) if (v.steps[0]?.checks.find((c) => c.id === id)?.passed) misses.set(id, (misses.get(id) ?? 0) + 1);
}
console.log(`${labId}/${name}: of ${n} runs, checks that wrongly passed:`, JSON.stringify(Object.fromEntries(misses)));
