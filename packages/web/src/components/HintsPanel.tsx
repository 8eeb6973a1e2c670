/** @module HintsPanel — hints one at a time ("n of total"); each request reveals one more on the server. */
import { useState } from 'react';
import { api } from '../lib/api.ts';
import { errorText } from './common.tsx';

export function HintsPanel({ lab, initialHints, initialTotal }: { lab: string; initialHints: string[]; initialTotal: number }) {
  const [hints, setHints] = useState(initialHints);
  const [total, setTotal] = useState(initialTotal);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const allShown = hints.length >= total;

  const more = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const res = await api.hint(lab);
      setHints(res.hints);
      setTotal(res.total);
    } catch (err) {
      setError(errorText(err).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card hints" aria-labelledby="hints-heading" data-testid="hints">
      <h2 id="hints-heading">Hints</h2>
      {hints.length === 0 && <p className="muted">Stuck? Hints come one at a time, from a nudge to the answer.</p>}
      <ol className="hint-list" aria-live="polite">
        {hints.map((hint, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: hints only ever grow, in order.
          <li key={i} data-testid={`hint-${i + 1}`}>
            <p className="hint-count">
              Hint {i + 1} of {total}
            </p>
            <p className="pre-wrap">{hint}</p>
          </li>
        ))}
      </ol>
      {error && <p className="form-error">{error}</p>}
      {total > 0 && (
        <button type="button" className="button" onClick={() => void more()} disabled={busy || allShown} data-testid="hint">
          {allShown
            ? `All ${total} hints shown`
            : hints.length === 0
              ? 'Show a hint'
              : `Show the next hint (${hints.length + 1} of ${total})`}
        </button>
      )}
    </section>
  );
}
