import { findLab, loadCourse } from '@pysec/core';
import { checkLab, withOverlay } from '@pysec/judge';
import { contentDir } from '@pysec/runner';

const lab = findLab(loadCourse(contentDir()), process.argv[2] as string);
const files = withOverlay(lab, 'solution');
for (let i = 0; i < 3; i++) await checkLab(lab, files);
const t = performance.now();
const v = await checkLab(lab, files);
console.log(
  performance.now() - t,
  v.steps.map((s) => [s.step, s.durationMs]),
);
