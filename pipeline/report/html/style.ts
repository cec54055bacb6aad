/** The report's only stylesheet, inline: readable on screen and in print, no web fonts. */
export const STYLE = `
:root { --ink: #1d1d1f; --muted: #666; --line: #ddd; --accent: #b30000; --bg-soft: #f6f6f4; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: white; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 32px 64px; }
header { border-bottom: 3px solid var(--ink); padding-bottom: 12px; margin-bottom: 8px; }
header h1 { margin: 0 0 4px; font-size: 26px; }
header p { margin: 0; color: var(--muted); }
nav { margin: 12px 0 24px; font-size: 14px; }
nav a { color: var(--ink); margin-right: 14px; text-decoration: none; border-bottom: 1px dotted var(--muted); }
h2 { font-size: 21px; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 22px 0 8px; }
code, .code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.88em; }
.code { color: var(--muted); }
pre { background: var(--bg-soft); padding: 10px 12px; overflow-x: auto; border-radius: 4px; }
pre.affine { margin: 0; padding: 4px 8px; background: none; }
code.hash { word-break: break-all; }
.headline { background: var(--bg-soft); border-left: 5px solid var(--accent); padding: 8px 14px 12px 18px; margin: 12px 0 20px; }
.headline h3 { margin-top: 10px; }
.headline p.lead { font-size: 19px; line-height: 1.4; margin: 8px 0 12px; }
.tag { display: inline-block; font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; color: white; background: var(--ink); border-radius: 3px; padding: 0 6px; margin-right: 6px; }
.warnings { border: 1px solid #e0b000; background: #fff8e0; padding: 8px 16px; border-radius: 4px; }
table { border-collapse: collapse; margin: 10px 0 18px; font-size: 13.5px; font-variant-numeric: tabular-nums; }
caption { caption-side: bottom; text-align: left; color: var(--muted); font-size: 12.5px; padding-top: 6px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: var(--bg-soft); font-weight: 600; }
td.n, th.n { text-align: right; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafafa; }
.scroll { max-width: 100%; overflow-x: auto; }
table.scorecard td.sc { min-width: 170px; max-width: 260px; }
table.scorecard th.rowhead { background: white; font-weight: 400; }
table.scorecard tbody tr:nth-child(3) td, table.scorecard tbody tr:nth-child(3) th { border-bottom: 2px solid #bbb; }
table.shifts td:nth-child(2) { min-width: 260px; }
table.shifts td:first-child { min-width: 170px; }
.small { font-size: 11.5px; }
table.maps { font-size: 12.5px; }
table.maps th, table.maps td { padding: 4px 7px; }
table.maps td:first-child code { white-space: nowrap; }
td.tool { font-weight: 600; }
.good { color: #1a7f37; font-weight: 600; }
.warn, td.warn { color: #9a6700; font-weight: 600; }
.bad, td.bad { color: var(--accent); font-weight: 600; }
.muted { color: var(--muted); }
figure { margin: 12px 0 24px; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 13px; max-width: 760px; margin-top: 4px; }
.grid { display: flex; flex-wrap: wrap; gap: 8px 32px; }
.grid figure { margin: 8px 0; flex: 0 0 auto; max-width: 540px; }
.renders { display: flex; flex-wrap: wrap; gap: 16px; }
figure.render { margin: 0; max-width: 100%; }
.renders img { display: block; width: 100%; height: auto; border: 1px solid var(--line); background: black; image-rendering: auto; }
footer { margin-top: 48px; color: var(--muted); font-size: 12.5px; border-top: 1px solid var(--line); padding-top: 8px; }
@media print { main { max-width: none; padding: 0; } nav { display: none; } section { break-inside: avoid-page; } }
`;
