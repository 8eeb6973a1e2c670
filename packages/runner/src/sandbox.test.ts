// The sandbox's file system, measured in a real sandbox: only the run folder and the small
// private /tmp and /dev/shm are writable; bwrap's own root tmpfs is not (it has no size limit).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sandboxInfo } from './sandbox.ts';
import { lastJson, runPython } from './sandbox-testing.ts';

const info = sandboxInfo();

describe('sandbox file system', { skip: info.kind === 'bwrap' ? false : `no sandbox here: ${info.note}` }, () => {
  it('is read-only everywhere but the run folder, /tmp and /dev/shm', async () => {
    const run = await runPython(`
import errno, json, os
found = {}
for d in ("/", "/etc", "/venv", "/usr", "/dev", "/lab", "/tmp", "/dev/shm"):
    try:
        with open(os.path.join(d, "probe"), "wb") as f:
            f.write(b"x")
        found[d] = "written"
    except OSError as e:
        found[d] = errno.errorcode.get(e.errno, str(e.errno))
print(json.dumps(found))
`);
    assert.equal(run.exit.code, 0, run.stderr);
    assert.deepEqual(lastJson(run), {
      '/': 'EROFS',
      '/etc': 'EROFS',
      '/venv': 'EROFS',
      '/usr': 'EROFS',
      '/dev': 'EROFS',
      '/lab': 'written',
      '/tmp': 'written',
      '/dev/shm': 'written',
    });
  });
});
