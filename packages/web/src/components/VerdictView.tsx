/**
 * @module VerdictView — a check's verdict as the learner reads it, like the CLI's render.ts:
 * per step, each check with ✔/✘, its kind, title, "(hidden variant)", the message, the
 * learner's own traceback and program output, the attack input (or why it is withheld),
 * timing plots, and the rest of the evidence collapsed. Everything is rendered as text.
 */
import { memo } from 'react';
import type { CheckResult, StepVerdict, Verdict } from '../api-types.ts';
import { useBeforeTimings } from '../lib/before-timings.ts';
import { parseTimings } from '../lib/timings.ts';
import { TimingPlot } from './TimingPlot.tsx';

const SHOWN_KEYS = new Set(['traceback', 'output', 'timings', 'baseline_ms']);
const OUTPUT_LIMIT = 4000;

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

function Traceback({ text, label = 'Your code’s traceback (Python)' }: { text: string; label?: string }) {
  return (
    <figure className="traceback" data-testid="traceback">
      <figcaption>{label}</figcaption>
      <pre className="code">{text.trimEnd()}</pre>
    </figure>
  );
}

function Output({ text }: { text: string }) {
  const clipped = text.length > OUTPUT_LIMIT;
  return (
    <figure className="program-output" data-testid="program-output">
      <figcaption>Your program printed{clipped ? ' (the end of it)' : ''}:</figcaption>
      <pre className="code">{clipped ? `…${text.slice(-OUTPUT_LIMIT)}` : text.trimEnd()}</pre>
    </figure>
  );
}

function Payload({ check }: { check: CheckResult }) {
  if (check.payload !== undefined) {
    return (
      <p className="payload" data-testid="payload">
        <span className="payload-label">Input used: </span>
        <code className="pre-wrap">{check.payload}</code>
      </p>
    );
  }
  if (check.payloadWithheld) {
    return (
      <p className="payload muted" data-testid="payload-withheld">
        The input of a hidden variant is shown once you pass the lab.
      </p>
    );
  }
  return null;
}

function OtherDetails({ details, open }: { details: Record<string, unknown>; open?: boolean }) {
  const rest = Object.fromEntries(Object.entries(details).filter(([key]) => !SHOWN_KEYS.has(key)));
  if (Object.keys(rest).length === 0) return null;
  return (
    <details className="evidence" open={open}>
      <summary>Evidence and details</summary>
      <pre className="code">{JSON.stringify(rest, null, 2)}</pre>
    </details>
  );
}

function CheckView({ check, lab }: { check: CheckResult; lab: string }) {
  const details = check.details ?? {};
  const traceback = str(details.traceback);
  const output = str(details.output);
  const timings = parseTimings(details.timings);
  const before = useBeforeTimings(lab, check.id, timings, !check.passed);
  const baseline = typeof details.baseline_ms === 'number' ? details.baseline_ms : undefined;
  const hasMore = Boolean(traceback || output || check.payload !== undefined || check.payloadWithheld);

  return (
    <li
      className={`check ${check.passed ? 'check-pass' : 'check-fail'}`}
      data-testid={`check-${check.id}`}
      data-passed={String(check.passed)}
      data-kind={check.kind}
      data-hidden={String(check.hidden)}
    >
      <div className="check-head">
        <span className="check-mark" aria-hidden="true">
          {check.passed ? '✔' : '✘'}
        </span>
        <span className="check-label">
          <span className="visually-hidden">{check.passed ? 'Passed: ' : 'Failed: '}</span>
          <span className={`badge kind-${check.kind}`}>{check.kind}</span> <span className="check-title">{check.title}</span>
          {check.hidden && <span className="hidden-variant"> (hidden variant)</span>}
        </span>
      </div>
      <div className="check-body">
        {check.message && (
          <p className="check-message pre-wrap" data-testid="check-message">
            {check.message}
          </p>
        )}
        {!check.passed && (
          <>
            {traceback && <Traceback text={traceback} />}
            {output && <Output text={output} />}
            <Payload check={check} />
          </>
        )}
        {timings && <TimingPlot timings={timings} before={before} baselineMs={baseline} checkTitle={check.title} />}
        {check.passed && hasMore && (
          <details className="evidence">
            <summary>What the check saw</summary>
            {traceback && <Traceback text={traceback} />}
            {output && <Output text={output} />}
            <Payload check={check} />
          </details>
        )}
        <OtherDetails details={details} />
      </div>
    </li>
  );
}

function stepStatus(step: StepVerdict): string {
  if (step.passed) return 'passed';
  if (step.error) return 'could not be judged';
  const failed = step.checks.filter((c) => !c.passed).length;
  return `${failed} of ${step.checks.length} checks fail`;
}

function StepView({ step, number, earlierFailed, lab }: { step: StepVerdict; number: number; earlierFailed: boolean; lab: string }) {
  const headingId = `verdict-step-${step.step}`;
  const errorTraceback = str(step.error?.details?.traceback);
  const checks = (
    <ul className="checks">
      {step.checks.map((check) => (
        <CheckView key={check.id} check={check} lab={lab} />
      ))}
    </ul>
  );
  return (
    <section
      className={`step-verdict ${step.passed ? 'is-pass' : 'is-fail'}`}
      aria-labelledby={headingId}
      data-testid={`step-${step.step}`}
      data-passed={String(step.passed)}
      data-kind={step.kind}
    >
      <h3 id={headingId} className="step-verdict-title">
        <span>
          Step {number} · {step.kind} · {step.title}
        </span>
        <span className={`step-status ${step.passed ? 'ok' : 'fail'}`}>
          {step.passed ? '✔ ' : '✘ '}
          {stepStatus(step)}
        </span>
      </h3>
      {step.error && (
        <div className="notice notice-error step-error" data-testid={`step-error-${step.step}`}>
          <p className="notice-title">This step could not be judged</p>
          <p className="pre-wrap">{step.error.message}</p>
          <p className="muted small">Code: {step.error.code}</p>
          {errorTraceback && <Traceback text={errorTraceback} label="Traceback" />}
          {step.error.details && <OtherDetails details={step.error.details} />}
        </div>
      )}
      {step.checks.length > 0 &&
        (earlierFailed && !step.passed ? (
          <details className="later-step">
            <summary>
              Finish the step above first. Show {step.checks.length === 1 ? 'its check' : `its ${step.checks.length} checks`} anyway
            </summary>
            {checks}
          </details>
        ) : (
          checks
        ))}
      <p className="muted small">{Math.round(step.durationMs)} ms</p>
    </section>
  );
}

export const VerdictView = memo(function VerdictView({
  verdict,
  stepNumbers,
  stale,
  lab,
}: {
  verdict: Verdict;
  /** The lab's ID (defaults to the verdict's): keys the remembered "before the fix" timings. */
  lab?: string;
  /** Step ID → its 1-based number in the lab (a single-step check still says "Step 2"). */
  stepNumbers?: Record<string, number>;
  /** The verdict of an earlier visit (lastVerdict), not of a check run now. */
  stale?: boolean;
}) {
  const failed = verdict.steps.reduce((n, s) => n + s.checks.filter((c) => !c.passed).length, 0);
  const errors = verdict.steps.filter((s) => s.error).length;
  let earlierFailed = false;
  return (
    <section className={`verdict ${verdict.passed ? 'is-pass' : 'is-fail'}`} data-testid="verdict" data-passed={String(verdict.passed)}>
      <h2 className="verdict-title">
        {verdict.passed ? '✔ All checks pass' : `✘ Not yet${failed ? `: ${failed} ${failed === 1 ? 'check fails' : 'checks fail'}` : ''}`}
        {errors > 0 && !verdict.passed && <span>{` (${errors} ${errors === 1 ? 'step' : 'steps'} could not be judged)`}</span>}
        <span className="muted small"> {Math.round(verdict.durationMs)} ms</span>
      </h2>
      {stale && <p className="muted small">Your last check (from an earlier visit).</p>}
      {!verdict.sandboxed && (
        <div className="notice notice-warning" data-testid="verdict-sandbox-warning">
          <p className="notice-title">Warning: this check ran without a sandbox</p>
          <p>{verdict.sandboxNote ?? 'No sandbox was available: your code ran with the same rights as pysec.'}</p>
        </div>
      )}
      {verdict.steps.map((step, i) => {
        const view = (
          <StepView
            key={step.step}
            step={step}
            number={stepNumbers?.[step.step] ?? i + 1}
            earlierFailed={earlierFailed && verdict.steps.length > 1}
            lab={lab ?? verdict.lab}
          />
        );
        if (!step.passed) earlierFailed = true;
        return view;
      })}
    </section>
  );
});
