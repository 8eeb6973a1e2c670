// Runs one check in a process of its own, for hostile cases that may block the engine's event
// loop (a blocked loop cannot be timed out from inside). more-hostile.test.ts starts it with
// {"lab", "step", "files"} as its argument and kills it when it takes too long. It reports,
// one line each: "uid N" for every sandboxed process started, then "verdict {…}" or "threw …".
import { checkLab } from '@pysec/judge';
import { onLaunch } from '@pysec/runner';
import { fixtureLab, submission } from '../helpers.ts';

const { lab: labId, step, files } = JSON.parse(process.argv[2] ?? '{}') as { lab: string; step?: string; files: Record<string, string> };
onLaunch(({ uid }) => {
  if (uid !== undefined) process.stdout.write(`uid ${uid}\n`);
});
const lab = fixtureLab(labId);
try {
  const verdict = await checkLab(lab, submission(lab, files), step ? { step } : {});
  process.stdout.write(`verdict ${JSON.stringify(verdict)}\n`);
} catch (err) {
  process.stdout.write(`threw ${JSON.stringify(String(err))}\n`);
}
process.exit(0);
