// The Python judge and harness libraries: hidden-input redaction (python/pysec_judge/checks.py)
// and the evidence the harness records (python/pysec_harness/evidence.py).
// A failing hidden check never shows its input, whole or in part, and leaves unrelated words alone.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { PYTHON_LIBS, pythonEnv } from '@pysec/runner';

const script = `
import json, sys
sys.path.insert(0, sys.argv[1])
from pysec_judge.checks import _redact
payload = "x' UNION SELECT card_number, expiry FROM payment_cards WHERE 'a'='a"
out = {
    "whole": _redact("login(" + payload + ") worked", [payload]),
    "part": _redact("near \\"" + payload[9:45] + "…\\": syntax error", [payload]),
    "nested": _redact({"evidence": [{"sql": "SELECT 1 WHERE n = '" + payload + "'"}]}, [payload]),
    "short": _redact("NoneType has no len(); got None", ["None"]),
}
print(json.dumps(out))
`;

describe('hidden-input redaction', () => {
  const r = spawnSync(pythonEnv().python, ['-I', '-c', script, PYTHON_LIBS], { encoding: 'utf8' });
  const out = JSON.parse(r.stdout || '{}') as Record<string, unknown>;

  it('hides the whole input and any quoted part of it, at any depth', () => {
    assert.equal(r.status, 0, r.stderr);
    assert.equal(out.whole, 'login(‹hidden input›) worked');
    assert.equal(out.part, 'near "‹hidden input›…": syntax error');
    assert.doesNotMatch(JSON.stringify(out.nested), /UNION|payment_cards/);
  });

  it('hides short inputs only as whole words', () => {
    assert.equal(out.short, 'NoneType has no len(); got ‹hidden input›');
  });
});

const evidenceScript = `
import json, subprocess, sys
sys.path.insert(0, sys.argv[1])
from pysec_harness import evidence
evidence.install()
evidence.start_recording()
subprocess.run(["/usr/bin/true"], env={"ONLY": "this"}, cwd="/")
subprocess.run(["/usr/bin/true"])
print(json.dumps([e for e in evidence.take() if e["event"] == "subprocess.Popen"]))
`;

describe('evidence of started processes', () => {
  it("records each child's environment, or null when it inherits the program's", () => {
    const r = spawnSync(pythonEnv().python, ['-I', '-c', evidenceScript, PYTHON_LIBS], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const events = JSON.parse(r.stdout) as { env: Record<string, string> | null; cwd: string | null }[];
    assert.deepEqual(
      events.map((e) => [e.env, e.cwd]),
      [
        [{ ONLY: 'this' }, '/'],
        [null, null],
      ],
    );
  });
});

const traceScript = `
import json, sqlite3, sys
sys.path.insert(0, sys.argv[1])
from pysec_harness import evidence
evidence.install()
evidence.start_recording()
db = sqlite3.connect(":memory:")
db.execute("CREATE TABLE t (x)")
sqlite3.Connection.execute(db, "INSERT INTO t VALUES ('around the wrapper')")
print(json.dumps([[e["event"], e.get("sql")] for e in evidence.take() if e["event"].startswith("sqlite3.")]))
`;

describe('evidence of SQL', () => {
  it("records SQLite's own text of every statement, even one sent around the recording wrapper", () => {
    const r = spawnSync(pythonEnv().python, ['-I', '-c', traceScript, PYTHON_LIBS], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const events = JSON.parse(r.stdout) as [string, string | undefined][];
    assert.ok(events.some(([e, sql]) => e === 'sqlite3.execute' && sql === 'CREATE TABLE t (x)'));
    assert.ok(events.some(([e, sql]) => e === 'sqlite3.trace' && sql?.includes('around the wrapper')));
    assert.ok(!events.some(([e, sql]) => e === 'sqlite3.execute' && sql?.includes('around the wrapper')));
  });
});
