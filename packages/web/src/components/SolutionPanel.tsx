/**
 * @module SolutionPanel — the reference solution: its explanation, files, the known-bad fixes
 * and why they fail, and other correct fixes. Open after a pass; before one, only after the
 * learner confirms (the request then says `?confirm=1`).
 */
import { lazy, Suspense, useState } from 'react';
import type { Solution } from '../api-types.ts';
import { ApiError, api } from '../lib/api.ts';
import { errorText } from './common.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';

const CodeViewer = lazy(() => import('../editor/CodeEditor.tsx').then((m) => ({ default: m.CodeViewer })));

const SPOILER =
  'You have not passed this lab yet. The solution gives the fix away, and the lab teaches most when you find it yourself.\n\nShow the solution anyway?';

function SolutionFile({ path, content }: { path: string; content: string }) {
  const plain = <pre className="code">{content}</pre>;
  return (
    <figure className="solution-file">
      <figcaption className="mono">{path}</figcaption>
      <ErrorBoundary fallback={plain}>
        <Suspense fallback={plain}>
          <CodeViewer content={content} label={`Solution: ${path} (read-only)`} />
        </Suspense>
      </ErrorBoundary>
    </figure>
  );
}

export function SolutionPanel({ lab, passed }: { lab: string; passed: boolean }) {
  const [solution, setSolution] = useState<Solution | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const open = async () => {
    let confirmed = false;
    if (!passed) {
      if (!window.confirm(SPOILER)) return;
      confirmed = true;
    }
    setBusy(true);
    setError(undefined);
    try {
      try {
        setSolution(await api.solution(lab, confirmed));
      } catch (err) {
        // Our idea of "passed" was stale: the server still says locked.
        if (err instanceof ApiError && err.code === 'PYSEC_ERR_SOLUTION_LOCKED' && !confirmed && window.confirm(SPOILER)) {
          setSolution(await api.solution(lab, true));
        } else throw err;
      }
    } catch (err) {
      setError(errorText(err).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={`card solution-panel${passed ? ' is-open' : ''}`} aria-labelledby="solution-heading" data-testid="solution-panel">
      <h2 id="solution-heading">Solution</h2>
      {!solution && (
        <>
          <p className="muted">
            {passed
              ? 'You passed: compare your fix with the reference, and see why some fixes that look right are not.'
              : 'Opens after you pass. You can look earlier, but it gives the fix away.'}
          </p>
          <button
            type="button"
            className={passed ? 'button primary' : 'button'}
            onClick={() => void open()}
            disabled={busy}
            data-testid="solution-button"
          >
            {busy ? 'Loading…' : passed ? 'Show the solution' : 'Show the solution (spoiler)'}
          </button>
          {error && <p className="form-error">{error}</p>}
        </>
      )}
      {solution && (
        <div className="solution" data-testid="solution">
          <p className="pre-wrap solution-explanation">{solution.explanation}</p>
          {solution.files.map((f) => (
            <SolutionFile key={f.path} path={f.path} content={f.content} />
          ))}
          {solution.badFixes.length > 0 && (
            <>
              <h3>Fixes that look right and are not</h3>
              <ul className="fix-list">
                {solution.badFixes.map((fix) => (
                  <li key={fix.name} data-testid={`bad-fix-${fix.name}`}>
                    <p className="fix-name mono">{fix.name}</p>
                    <p className="pre-wrap">{fix.explanation}</p>
                    {fix.fails.length > 0 && (
                      <p className="muted small">
                        Fails the {fix.fails.length === 1 ? 'check' : 'checks'}: {fix.fails.join(', ')}
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
          {solution.alternatives.length > 0 && (
            <>
              <h3>Other correct fixes</h3>
              <ul className="fix-list">
                {solution.alternatives.map((alt) => (
                  <li key={alt.name} data-testid={`alt-fix-${alt.name}`}>
                    <p className="fix-name mono">{alt.name}</p>
                    <p className="pre-wrap">{alt.description}</p>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
