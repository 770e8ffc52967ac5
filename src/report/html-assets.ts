/**
 * The fixed parts of report.html: its style sheet, its content security policy and the script
 * that draws the charts. Kept apart from the page's structure (html.ts) so each reads alone.
 */

/**
 * The page may load nothing: no fetch, no image, no font, no frame, no form target. Scripts and
 * styles are inline; vega compiles its expressions with `new Function`, hence 'unsafe-eval'.
 * A request that something tried to make anyway is refused by the browser and shows up as a
 * console error (which the browser test fails on), not as traffic.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'unsafe-inline' 'unsafe-eval'",
  "style-src 'unsafe-inline'",
  'img-src data: blob:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The summary tables' style, shared with the playground (scripts/build-web.mjs puts it at the
 * head of playground.css), so a table reads the same in the report and in the page.
 */
export const TABLE_CSS = `.table-wrap { overflow-x: auto; margin: 0.5rem 0 1rem; }
table { border-collapse: collapse; font-size: 0.8125rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { padding: 0.2rem 0.4rem; border-bottom: 1px solid #ccc; vertical-align: top; }
thead th { border-bottom: 2px solid #444; text-align: left; vertical-align: bottom; font-size: 0.75rem; font-weight: 600; }
th[scope="row"] { text-align: left; font-weight: 600; white-space: nowrap; }
.num { text-align: right; }
td.num { white-space: nowrap; }
`;

/**
 * Readable from a 390 px phone up (only tables, charts and code scroll sideways, each in its own
 * frame); prints in grey, where pass and fail and the banner's verdict still read by their words.
 */
export const REPORT_CSS = `
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #1a1a1a; background: #fff; margin: 0 auto; padding: 1rem 1.25rem 3rem; max-width: 72rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; overflow-wrap: anywhere; }
h2 { font-size: 1.3rem; margin: 2rem 0 0.5rem; border-bottom: 2px solid #444; padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 0.4rem; }
.description { white-space: pre-line; max-width: 48rem; }
.muted { color: #555; }
${TABLE_CSS}figure.chart-figure { margin: 1rem 0 1.5rem; break-inside: avoid; }
/* vega-embed makes the container an inline-block as wide as its chart: a block keeps it to the page, and the chart scrolls inside it. */
div.chart { display: block; max-width: 100%; overflow-x: auto; min-height: 2rem; }
.chart-error { color: #a00000; font-weight: 600; border: 2px solid #a00000; padding: 0.5rem; }
.pass { color: #1b6e20; font-weight: 700; }
.fail { color: #a00000; font-weight: 700; }
.verdict { font-size: 1.05rem; padding: 0.4rem 0.6rem; border-left: 6px solid #888; background: #f4f4f4; }
.verdict-good { border-left-color: #1b6e20; }
.verdict-bad { border-left-color: #a00000; }
.stopped { font-weight: bold; color: #a00000; }
.verdict-pending { border-left-color: #2c6fa8; border-left-style: dashed; }
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.1rem 1rem; font-size: 0.9rem; }
dl.facts dt { color: #555; } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.banner { margin: 0.75rem 0 1rem; padding: 0.7rem 1rem; border: 2px solid #555; border-left-width: 10px; border-radius: 4px; background: #f6f6f6; }
.banner-good { border-color: #1b6e20; background: #eef6ee; }
.banner-bad { border-color: #a00000; background: #fbefef; }
.banner-pending { border-color: #2c6fa8; border-style: dashed; background: #eef4fa; }
.banner p, .banner ul { margin: 0.35rem 0; max-width: 60rem; }
.banner-head { font-size: 1.15rem; font-weight: 600; }
.badge { display: inline-block; padding: 0 0.45rem; border-radius: 3px; color: #fff; background: #555; font-weight: 700; white-space: nowrap; }
.badge-good { background: #1b6e20; } .badge-bad { background: #a00000; } .badge-pending { background: #2c6fa8; }
dl.numbers { display: flex; flex-wrap: wrap; gap: 0.5rem 2rem; margin: 0.6rem 0 0.2rem; }
dl.numbers .number { flex: 0 1 14rem; min-width: 8rem; }
dl.numbers dt { font-size: 0.8rem; color: #444; font-weight: 600; }
dl.numbers dd { margin: 0; }
dl.numbers .value { font-size: 1.6rem; font-weight: 700; line-height: 1.2; font-variant-numeric: tabular-nums; }
dl.numbers .note { font-size: 0.8rem; color: #444; }
table.ranking { background: #fff; }
.table-title { font-weight: 600; font-size: 0.8125rem; margin: 0.6rem 0 0; }
table.ranking .badge { font-size: 0.75rem; }
.rule { font-size: 0.8rem; color: #444; }
.caption { margin: 0 0 0.4rem; max-width: 48rem; color: #333; font-size: 0.9rem; }
@media (max-width: 600px) {
  body { padding: 0.75rem 0.75rem 2rem; }
  .banner { padding: 0.6rem 0.7rem; border-left-width: 6px; }
  dl.numbers { gap: 0.5rem 1rem; }
  dl.numbers .number { flex-basis: 9rem; }
}
pre { background: #f6f6f6; border: 1px solid #ccc; padding: 0.75rem; overflow-x: auto; font-size: 0.8rem; line-height: 1.4; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; }
@media print {
  body { max-width: none; padding: 0; color: #000; font-size: 11pt; }
  .chart svg { filter: grayscale(100%); }
  .pass, .fail, .chart-error, .muted, dl.facts dt { color: #000; }
  .verdict { background: none; border: 1px solid #000; border-left-width: 6px; }
  pre { white-space: pre-wrap; background: none; }
  h2, h3, .caption { break-after: avoid; }
  nav { display: none; }
  /* Browsers print no backgrounds by default: the banner and its badges keep their words and borders. */
  .banner { background: none; break-inside: avoid; border-color: #000; }
  .badge { color: #000; background: none; border: 1.5px solid #000; }
  dl.numbers dt, dl.numbers .note, .rule, .caption { color: #000; }
  figure.chart-figure, tr { break-inside: avoid; }
  .chart { overflow: visible; }
  .chart svg { max-width: 100%; height: auto; }
  a { color: #000; text-decoration: underline; }
  .table-wrap { overflow: visible; }
  table { font-size: 8pt; }
  thead th { font-size: 7.5pt; }
  th, td { padding: 0.1rem 0.2rem; }
  table.ranking .badge { font-size: 7pt; padding: 0 0.2rem; border-width: 1px; }
  .rule { font-size: 8pt; }
}
`;

/**
 * Draws every chart listed in the `report-charts` JSON into its container. A chart that cannot
 * be drawn says so in the page, where it would have been, and on the console.
 */
export const EMBED_SCRIPT = `
(function () {
  var charts = JSON.parse(document.getElementById('report-charts').textContent);
  function fail(el, id, err) {
    var message = err && err.message ? err.message : String(err);
    console.error('report chart "' + id + '" could not be drawn: ' + message);
    var p = document.createElement('p');
    p.className = 'chart-error';
    p.textContent = 'This chart could not be drawn: ' + message;
    el.appendChild(p);
  }
  charts.forEach(function (chart) {
    var el = document.getElementById('chart-' + chart.id);
    if (typeof vegaEmbed !== 'function') return fail(el, chart.id, 'the vega-embed library did not load');
    try {
      vegaEmbed(el, chart.spec, { actions: false, renderer: 'svg' }).then(
        function () { el.setAttribute('data-rendered', 'true'); },
        function (err) { fail(el, chart.id, err); }
      );
    } catch (err) {
      fail(el, chart.id, err);
    }
  });
})();
`;
