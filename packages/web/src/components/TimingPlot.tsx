/**
 * @module TimingPlot — match time against input length, one line per input family, drawn as
 * SVG (log–log: a straight line's slope is the growth's degree, exponential growth bends up).
 * Timed-out calls are drawn as ✕ at the time limit. A table of the numbers follows for
 * screen readers and exact values.
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

export function Marker({ index, size = 14 }: { index: number; size?: number }) {
  const shape = SHAPES[index % SHAPES.length] ?? 'circle';
  return (
    <svg className="legend-marker" width={size} height={size} viewBox="0 0 14 14" aria-hidden="true">
      <path d={markerPath(shape, 7, 7, 4.5)} fill={COLOURS[index % COLOURS.length]} />
    </svg>
  );
}

export function TimingPlot({ timings, baselineMs, checkTitle }: { timings: TimingPoint[]; baselineMs?: number; checkTitle: string }) {
  const id = useId();
  const families = byFamily(timings);
  const values = timings.map((p) => Math.max(p.ms, MIN_MS));
  if (baselineMs !== undefined && baselineMs > 0) values.push(baselineMs);
  const lengths = timings.map((p) => Math.max(p.length, 1));
  const xs = logScale(Math.min(...lengths), Math.max(...lengths), 2);
  const ys = logScale(Math.min(...values), Math.max(...values), 10);
  const px = (length: number) => M.left + PAD + xs.at(Math.max(length, 1)) * (PW - 2 * PAD);
  const py = (ms: number) => M.top + PAD + (1 - ys.at(Math.max(ms, MIN_MS))) * (PH - 2 * PAD);
  // A short length range (e.g. 8…32) gets in-between ticks (12, 24) too.
  const xTicks = xs.ticks.length >= 4 ? xs.ticks : xs.ticks.flatMap((t, i) => (i < xs.ticks.length - 1 ? [t, t * 1.5] : [t]));
  const timedOut = timings.some((p) => p.timed_out);
  const limit = timings.filter((p) => p.timed_out).reduce((max, p) => Math.max(max, p.ms), 0);

  const summary = families
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

  return (
    <figure className="timing-plot" data-testid="timing-plot">
      <svg viewBox={`0 0 ${W} ${H}`} className="timing-svg" role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>Match time against input length: {checkTitle}</title>
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
        {/* one line per family */}
        {families.map(({ family, points }, i) => {
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
                      x={px(p.length) + (px(p.length) > W - M.right - 60 ? -10 : 0)}
                      y={py(p.ms) - 10}
                      className="timeout-label"
                      textAnchor={px(p.length) > W - M.right - 60 ? 'end' : 'middle'}
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
          {families.map(({ family, points }, i) => (
            <li key={family}>
              <Marker index={i} />
              <span className="legend-name">{family}</span>
              {points.some((p) => p.timed_out) && <span className="legend-timeout"> (timed out)</span>}
            </li>
          ))}
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
                <th scope="col">Inputs</th>
                <th scope="col">Length</th>
                <th scope="col">Time</th>
              </tr>
            </thead>
            <tbody>
              {families.flatMap(({ family, points }) =>
                points.map((p, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: see above.
                  <tr key={`${family}-${j}`}>
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
