// The Python wire format (python/pysec_wire) that carries values between judge and target:
// every value a program may return survives the trip, including ones JSON cannot hold.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { PYTHON_LIBS, pythonEnv } from '@pysec/runner';

const roundTrip = `
import json, math, sys
sys.path.insert(0, sys.argv[1])
from pysec_wire import decode, encode
values = [
    None, True, 0, -7, 2**53 + 1, -(2**64), 10**5000, -(10**6000) - 1,
    1.5, b"\\x00\\xff", "O'Brien \\u00e9", [1, (2, 3)], {"a": 1, "$b": 2}, {1: "x"}, {4, 5},
]
for v in values:
    back = decode(json.loads(json.dumps(encode(v))))
    want = list(v) if isinstance(v, tuple) else v
    assert back == want or (isinstance(v, list) and back == [1, [2, 3]]), (repr(v)[:60], repr(back)[:60])
nan = decode(json.loads(json.dumps(encode(float("nan")))))
assert math.isnan(nan)
assert decode(json.loads(json.dumps(encode(float("-inf"))))) == float("-inf")
print("ok", len(values))
`;

describe('pysec_wire', () => {
  it('round-trips every kind of value, even integers too long for str()', () => {
    const r = spawnSync(pythonEnv().python, ['-I', '-c', roundTrip, PYTHON_LIBS], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^ok 15/);
  });

  it('reads and writes the channel JSON exactly as the json module does, without importing it', () => {
    const script = `
import sys
sys.path.insert(0, sys.argv[1])
import pysec_wire as w
assert "json" not in sys.modules and "re" not in sys.modules, "pysec_wire imported json or re"
import json
cases = [{"a": [1, 2.5, -0.0, 1e300, 'x\\u00e9\\n\\\\ "q"', None, True, {"b": -3}]}, [], "s", 0, {"\\u2028": [[]]}]
for v in cases:
    text = w.dumps(v)
    assert text == json.dumps(v, separators=(",", ":"), ensure_ascii=False, allow_nan=False), text
    assert w.loads(text) == v and w.loads(text.encode()) == v and w.loads(" \\n" + text + "\\n ") == v
refused = 0
for bad in ["", "NaN", "[1] x", '{"a":Infinity}', "[1,]", "{'a': 1}", '"\\x01"']:
    try:
        w.loads(bad)
    except ValueError:
        refused += 1
for bad in [float("nan"), {"x": object()}]:
    try:
        w.dumps(bad)
    except (ValueError, TypeError):
        refused += 1
print("ok", refused)
`;
    const r = spawnSync(pythonEnv().python, ['-I', '-S', '-c', script, PYTHON_LIBS], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^ok 9/);
  });
});
