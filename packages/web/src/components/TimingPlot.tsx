/**
 * @module TimingPlot — match time against input length, one line per input family, drawn as
 * SVG (log–log: a straight line's slope is the growth's degree, exponential growth bends up).
 * Timed-out calls are drawn as ✕ at the time limit. With `before` (the learner's first failing
 * run of the check, "before the fix"), that run is drawn too on the same axes: same family
 * colours, faded, dashed lines and hollow markers. A table of the numbers follows for screen
 * readers and exact values.
 */
import { useId } from 'react';
import type { TimingPoint } from '../api-types.ts';
import { byFamily, formatLength, formatMs, logScale, MIN_MS } from '../lib/timings.ts';

/** Okabe–Ito colours (distinguishable with colour-vision deficiencies), plus shapes. */
const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#8a6100', '#3b8fc4', '#555555'];
const SHAPES = ['circle', 'square', 'triangle', 'diamond', 'triangle-down', 'hexagon'] as const;
type Shape = (typeof SHAPES)[number];

const W = 640;
const H = 300;
const M = { left: 62, right: 18, top: 26, bottom: 46 };
/** Space inside the frame so points at the ends of the scales are not cut. */
const PAD = 12;
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;

function markerPath(shape: Shape, x: number, y: number, r: number): string {
  switch (shape) {
    case 'square':
      return `M${x - r},${y - r}h${2 * r}v${2 * r}h${-2 * r}z`;
    case 'triangle':
      return `M${x},${y - r * 1.2}L${x + r * 1.1},${y + r * 0.8}L${x - r * 1.1},${y + r * 0.8}z`;
    case 'triangle-down':
      return `M${x},${y + r * 1.2}L${x + r * 1.1},${y - r * 0.8}L${x - r * 1.1},${y - r * 0.8}z`;
    case 'diamond':
      return `M${x},${y - r * 1.3}L${x + r * 1.3},${y}L${x},${y + r * 1.3}L${x - r * 1.3},${y}z`;
    case 'hexagon': {
      const pts = Array.from({ length: 6 }, (_, i) => {
        const a = (Math.PI / 3) * i;
        return `${x + r * 1.15 * Math.cos(a)},${y + r * 1.15 * Math.sin(a)}`;
      });
      return `M${pts.join('L')}z`;
    }
    default:
      return `M${x - r},${y}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
  }
}

function crossPath(x: number, y: number, r: number): string {
  return `M${x - r},${y - r}L${x + r},${y + r}M${x + r},${y - r}L${x - r},${y + r}`;
}

export function Marker({ index, size = 14, hollow = false }: { index: number; size?: number; hollow?: boolean }) {
  const shape = SHAPES[index % SHAPES.length] ?? 'circle';
  const colour = COLOURS[index % COLOURS.length];
  return (
    <svg className="legend-marker" width={size} height={size} viewBox="0 0 14 14" aria-hidden="true">
      <path
        d={markerPath(shape, 7, 7, hollow ? 4 : 4.5)}
        fill={hollow ? '#ffffff' : colour}
        stroke={hollow ? colour : 'none'}
        strokeWidth={hollow ? 1.5 : 0}
      />
    </svg>
  );
}

/** The legend's key of a run's line style: solid and filled ("now") or dashed, faded and hollow ("before"). */
function RunKey({ before }: { before: boolean }) {
  const colour = COLOURS[COLOURS.length - 1];
  return (
    <svg className="legend-marker" width={34} height={14} viewBox="0 0 34 14" aria-hidden="true">
      <g opacity={before ? BEFORE_OPACITY : 1}>
        <line
          x1={1}
          x2={33}
          y1={7}
          y2={7}
          stroke={colour}
          strokeWidth={before ? 1.75 : 2}
          strokeDasharray={before ? BEFORE_DASH : undefined}
        />
        <path
          d={markerPath('circle', 17, 7, 4)}
          fill={before ? '#ffffff' : colour}
          stroke={before ? colour : '#ffffff'}
          strokeWidth={before ? 1.5 : 1}
        />
      </g>
    </svg>
  );
}

const BEFORE_OPACITY = 0.5;
const BEFORE_DASH = '6 4';
const BEFORE_LABEL = 'before (your first failing check)';

function describe(families: { family: string; points: TimingPoint[] }[]): string {
  return families
    .map(({ family, points }) => {
      const first = points[0];
      const last = points[points.length - 1];
      if (!first || !last) return family;
      const slowest = points.reduce((a, b) => (b.ms > a.ms ? b : a), first);
      return `${family}: ${points.length} lengths from ${first.length} to ${last.length} characters; slowest ${
        slowest.timed_out ? `timed out at ${formatMs(slowest.ms)}` : formatMs(slowest.ms)
      } at ${slowest.length} characters`;
    })
    .join('. ');
}

export function TimingPlot({
  timings,
  before,
  baselineMs,
  checkTitle,
}: {
  timings: TimingPoint[];
  /** The run "before the fix" (the first failing check), drawn faded and dashed when given. */
  before?: TimingPoint[];
  baselineMs?: number;
  checkTitle: string;
}) {
  const id = useId();
  const families = byFamily(timings);
  const beforeFamilies = before && before.length > 0 ? byFamily(before) : [];
  const hasBefore = beforeFamilies.length > 0;
  // One colour and shape per family across both runs: the current run's order, then families only the earlier run had.
  const familyIndex = new Map<string, number>();
  for (const { family } of [...families, ...beforeFamilies]) if (!familyIndex.has(family)) familyIndex.set(family, familyIndex.size);
  const indexOf = (family: string) => familyIndex.get(family) ?? 0;
  const allPoints = hasBefore && before ? [...timings, ...before] : timings;
  const values = allPoints.map((p) => Math.max(p.ms, MIN_MS));
  if (baselineMs !== undefined && baselineMs > 0) values.push(baselineMs);
  const lengths = allPoints.map((p) => Math.max(p.length, 1));
  const xs = logScale(Math.min(...lengths), Math.max(...lengths), 2);
  const ys = logScale(Math.min(...values), Math.max(...values), 10);
  const px = (length: number) => M.left + PAD + xs.at(Math.max(length, 1)) * (PW - 2 * PAD);
  const py = (ms: number) => M.top + PAD + (1 - ys.at(Math.max(ms, MIN_MS))) * (PH - 2 * PAD);
  // A short length range (e.g. 8…32) gets in-between ticks (12, 24) too.
  const xTicks = xs.ticks.length >= 4 ? xs.ticks : xs.ticks.flatMap((t, i) => (i < xs.ticks.length - 1 ? [t, t * 1.5] : [t]));
  const timedOut = allPoints.some((p) => p.timed_out);
  const limit = allPoints.filter((p) => p.timed_out).reduce((max, p) => Math.max(max, p.ms), 0);
  const beforeTimedOut = new Set(beforeFamilies.filter(({ points }) => points.some((p) => p.timed_out)).map(({ family }) => family));
  const legendFamilies = [...familyIndex.keys()].map((family) => ({
    family,
    now: families.find((f) => f.family === family)?.points ?? [],
  }));

  const summary = hasBefore
    ? `Now: ${describe(families)}. Before the fix (your first failing check): ${describe(beforeFamilies)}`
    : describe(families);

  const timeoutLabelX = (x: number) => x + (x > W - M.right - 60 ? -10 : 0);
  const timeoutLabelAnchor = (x: number) => (x > W - M.right - 60 ? 'end' : 'middle');

  return (
    <figure className="timing-plot" data-testid="timing-plot">
      <svg viewBox={`0 0 ${W} ${H}`} className="timing-svg" role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>
          Match time against input length{hasBefore ? ', now and before the fix' : ''}: {checkTitle}
        </title>
        <desc id={`${id}-d`}>{summary}.</desc>
        {/* grid and axes */}
        {ys.ticks.map((t) => (
          <g key={`y${t}`}>
            <line x1={M.left} x2={W - M.right} y1={py(t)} y2={py(t)} className="grid" />
            <text x={M.left - 8} y={py(t)} className="tick" textAnchor="end" dominantBaseline="middle">
              {formatMs(t)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <g key={`x${t}`}>
            <line x1={px(t)} x2={px(t)} y1={M.top} y2={H - M.bottom} className="grid" />
            <text x={px(t)} y={H - M.bottom + 16} className="tick" textAnchor="middle">
              {formatLength(t)}
            </text>
          </g>
        ))}
        <rect x={M.left} y={M.top} width={PW} height={PH} className="frame" />
        <text x={M.left + PW / 2} y={H - 8} className="axis-label" textAnchor="middle">
          input length (characters, log scale)
        </text>
        <text x={14} y={M.top + PH / 2} className="axis-label" textAnchor="middle" transform={`rotate(-90 14 ${M.top + PH / 2})`}>
          time (log scale)
        </text>
        {baselineMs !== undefined && baselineMs > 0 && (
          <g>
            <line x1={M.left} x2={W - M.right} y1={py(baselineMs)} y2={py(baselineMs)} className="baseline" />
            <text x={W - M.right - 4} y={py(baselineMs) - 5} className="tick" textAnchor="end">
              baseline {formatMs(baselineMs)}
            </text>
          </g>
        )}
        {limit > 0 && (
          <g>
            <line x1={M.left} x2={W - M.right} y1={py(limit)} y2={py(limit)} className="limit" />
            <text x={M.left + 6} y={py(limit) - 6} className="limit-label">
              time limit {formatMs(limit)}: the call was stopped
            </text>
          </g>
        )}
        {/* the run before the fix, under the current one: faded, dashed, hollow markers */}
        {hasBefore && (
          <g className="series-before" data-testid="timing-plot-before" opacity={BEFORE_OPACITY}>
            {beforeFamilies.map(({ family, points }) => {
              const i = indexOf(family);
              const colour = COLOURS[i % COLOURS.length];
              const shape = SHAPES[i % SHAPES.length] ?? 'circle';
              const line = points.map((p) => `${px(p.length).toFixed(1)},${py(p.ms).toFixed(1)}`).join(' ');
              return (
                <g key={family} className="series" data-family={family}>
                  {points.length > 1 && (
                    <polyline
                      points={line}
                      fill="none"
                      stroke={colour}
                      strokeWidth={1.75}
                      strokeDasharray={BEFORE_DASH}
                      strokeLinejoin="round"
                    />
                  )}
                  {points.map((p, j) =>
                    p.timed_out ? (
                      // biome-ignore lint/suspicious/noArrayIndexKey: points of one family may repeat a length.
                      <g key={j} className="timeout-mark">
                        <path d={crossPath(px(p.length), py(p.ms), 6)} stroke="#ffffff" strokeWidth={5} />
                        <path d={crossPath(px(p.length), py(p.ms), 6)} stroke={colour} strokeWidth={2} />
                        <text
                          x={timeoutLabelX(px(p.length))}
                          y={py(p.ms) + 18}
                          className="timeout-label"
                          textAnchor={timeoutLabelAnchor(px(p.length))}
                        >
                          timed out before
                        </text>
                      </g>
                    ) : (
                      // biome-ignore lint/suspicious/noArrayIndexKey: see above.
                      <path key={j} d={markerPath(shape, px(p.length), py(p.ms), 3.5)} fill="#ffffff" stroke={colour} strokeWidth={1.5} />
                    ),
                  )}
                </g>
              );
            })}
          </g>
        )}
        {/* one line per family */}
        {families.map(({ family, points }) => {
          const i = indexOf(family);
          const colour = COLOURS[i % COLOURS.length];
          const shape = SHAPES[i % SHAPES.length] ?? 'circle';
          const line = points.map((p) => `${px(p.length).toFixed(1)},${py(p.ms).toFixed(1)}`).join(' ');
          return (
            <g key={family} className="series" data-family={family}>
              {points.length > 1 && <polyline points={line} fill="none" stroke={colour} strokeWidth={2} strokeLinejoin="round" />}
              {points.map((p, j) =>
                p.timed_out ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: points of one family may repeat a length.
                  <g key={j} className="timeout-mark">
                    <path d={crossPath(px(p.length), py(p.ms), 6)} stroke="#ffffff" strokeWidth={5} />
                    <path d={crossPath(px(p.length), py(p.ms), 6)} stroke={colour} strokeWidth={2.5} />
                    <text
                      x={timeoutLabelX(px(p.length))}
                      y={py(p.ms) - 10}
                      className="timeout-label"
                      textAnchor={timeoutLabelAnchor(px(p.length))}
                    >
                      timed out
                    </text>
                  </g>
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: see above.
                  <path key={j} d={markerPath(shape, px(p.length), py(p.ms), 4)} fill={colour} stroke="#ffffff" strokeWidth={1} />
                ),
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="legend">
          {legendFamilies.map(({ family, now }) => (
            <li key={family}>
              <Marker index={indexOf(family)} hollow={now.length === 0} />
              <span className="legend-name">{family}</span>
              {now.some((p) => p.timed_out) ? (
                <span className="legend-timeout"> (timed out)</span>
              ) : (
                beforeTimedOut.has(family) && <span className="muted"> (timed out before)</span>
              )}
            </li>
          ))}
          {hasBefore && (
            <>
              <li data-testid="timing-legend-now">
                <RunKey before={false} />
                now
              </li>
              <li data-testid="timing-legend-before">
                <RunKey before />
                {BEFORE_LABEL}
              </li>
            </>
          )}
          {timedOut && (
            <li className="muted">
              <span aria-hidden="true">✕ </span>a call stopped at the time limit
            </li>
          )}
        </ul>
        <details className="timing-table">
          <summary>The numbers</summary>
          <table>
            <thead>
              <tr>
                {hasBefore && <th scope="col">Run</th>}
                <th scope="col">Inputs</th>
                <th scope="col">Length</th>
                <th scope="col">Time</th>
              </tr>
            </thead>
            <tbody>
              {[...families.map((f) => ({ ...f, run: 'now' })), ...beforeFamilies.map((f) => ({ ...f, run: BEFORE_LABEL }))].flatMap(
                ({ family, points, run }) =>
                  points.map((p, j) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: see above.
                    <tr key={`${run}-${family}-${j}`} data-run={hasBefore ? (run === 'now' ? 'now' : 'before') : undefined}>
                      {hasBefore && <td>{run}</td>}
                      <td>{family}</td>
                      <td className="num">{p.length}</td>
                      <td className="num">{p.timed_out ? `timed out (${formatMs(p.ms)})` : formatMs(p.ms)}</td>
                    </tr>
                  )),
              )}
            </tbody>
          </table>
        </details>
      </figcaption>
    </figure>
  );
}
