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
});
