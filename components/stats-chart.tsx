import { scaleBand, scaleLinear } from 'd3-scale';
import type { DayCount } from '@/lib/policies/stats';

type DailyChartProps = {
  /** Names the chart and its table: "Views per day". */
  title: string;
  /** What one count is, for the table's heading and each bar's tooltip: "views". */
  unit: string;
  series: DayCount[];
};

const WIDTH = 720;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 12, bottom: 28, left: 44 };

const shortDay = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/**
 * A bar per day, drawn on the server as plain SVG (d3-scale computes positions and ticks; React
 * writes the elements), so it needs no JavaScript in the browser. Screen readers get the chart's
 * name and total, and the same numbers as a table beside it; each bar's <title> is its tooltip.
 */
export function DailyChart({ title, unit, series }: DailyChartProps) {
  const id = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const total = series.reduce((sum, entry) => sum + entry.count, 0);
  const max = Math.max(1, ...series.map((entry) => entry.count));
  const x = scaleBand<string>()
    .domain(series.map((entry) => entry.day))
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .paddingInner(series.length > 60 ? 0 : 0.2);
  const y = scaleLinear()
    .domain([0, max])
    .nice(4)
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const ticks = y.ticks(4).filter(Number.isInteger);
  // Three dates under the axis (first, middle, last) stay readable at any window.
  const labelled = [...new Set([0, Math.floor((series.length - 1) / 2), series.length - 1])]
    .map((index) => series[index])
    .filter((entry): entry is DayCount => entry !== undefined);

  return (
    <section aria-labelledby={`${id}-heading`} className="flex flex-col gap-3">
      <h2 id={`${id}-heading`} className="font-serif text-xl font-bold">
        {title} <span className="meta font-normal">({total} in all)</span>
      </h2>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-label={`${title}: ${total} ${unit} over ${series.length} days; the table beside it has each day.`}
          className="h-auto w-full text-[var(--color-accent)]"
          data-chart={id}
        >
          {ticks.map((tick) => (
            <g key={tick}>
              <line
                x1={MARGIN.left}
                x2={WIDTH - MARGIN.right}
                y1={y(tick)}
                y2={y(tick)}
                stroke="currentColor"
                strokeOpacity={0.15}
              />
              <text
                x={MARGIN.left - 6}
                y={y(tick)}
                dy="0.32em"
                textAnchor="end"
                fontSize={11}
                fill="var(--color-muted)"
              >
                {tick}
              </text>
            </g>
          ))}
          {series.map((entry) => (
            <rect
              key={entry.day}
              x={x(entry.day)}
              y={y(entry.count)}
              width={Math.max(1, x.bandwidth())}
              height={y(0) - y(entry.count)}
              fill="currentColor"
              data-day={entry.day}
              data-count={entry.count}
            >
              <title>{`${shortDay(entry.day)}: ${entry.count} ${unit}`}</title>
            </rect>
          ))}
          {labelled.map((entry, index) => (
            <text
              key={entry.day}
              x={(x(entry.day) ?? 0) + x.bandwidth() / 2}
              y={HEIGHT - 8}
              textAnchor={index === 0 ? 'start' : index === labelled.length - 1 ? 'end' : 'middle'}
              fontSize={11}
              fill="var(--color-muted)"
            >
              {shortDay(entry.day)}
            </text>
          ))}
        </svg>
        <div
          role="region"
          aria-label={`${title}, day by day`}
          // Focusable so a keyboard can scroll a long table (365 rows).
          tabIndex={0}
          className="max-h-64 overflow-y-auto rounded border border-[var(--color-line)]"
        >
          <table className="w-full text-left text-sm" aria-labelledby={`${id}-heading`}>
            <thead className="sticky top-0 bg-[var(--color-card)]">
              <tr>
                <th scope="col" className="px-2 py-1">
                  Day
                </th>
                <th scope="col" className="px-2 py-1 text-right">
                  {unit[0]!.toUpperCase() + unit.slice(1)}
                </th>
              </tr>
            </thead>
            <tbody>
              {[...series].reverse().map((entry) => (
                <tr key={entry.day} className="border-t border-[var(--color-line)]">
                  <th scope="row" className="px-2 py-1 font-normal">
                    <time dateTime={entry.day}>{entry.day}</time>
                  </th>
                  <td className="px-2 py-1 text-right">{entry.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
