/** The report's whole stylesheet: system fonts, a responsive grid (1 column on phones), print rules. */
export const reportCss = `
:root{--fg:#1d2330;--muted:#5b6475;--line:#e3e6ec;--bg:#f6f7f9;--card:#fff;--accent:#0072B2;--crit:#b3261e;--warn:#8a5a00;--info:#2f5f8a}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
header.top{background:#14213d;color:#fff;padding:28px 24px 18px}
header.top .inner,main{max-width:1280px;margin:0 auto}
header.top h1{margin:0 0 4px;font-size:26px;font-weight:650;letter-spacing:-.01em}
header.top .sub{margin:0;color:#c9d3e6;font-size:14px}
header.top ul.notes{margin:10px 0 0;padding-left:18px;color:#e8edf6;font-size:14px}
nav.toc{display:flex;flex-wrap:wrap;gap:6px 14px;margin-top:14px;font-size:13px}
nav.toc a{color:#fff;text-decoration:none;border-bottom:1px solid rgba(255,255,255,.35)}
main{padding:8px 24px 40px}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px 8px;margin:18px 0}
h2{margin:0 0 4px;font-size:19px;font-weight:650}
p.lead{margin:0 0 12px;color:var(--muted);font-size:14px;max-width:900px}
.runs{display:grid;grid-template-columns:repeat(var(--runs),minmax(0,1fr));gap:18px}
.runs.single .run-col{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:6px 22px;align-items:start}
.run-col{min-width:0}
h3.run-chip{margin:0 0 6px;font-size:14px;font-weight:600;display:flex;align-items:center;gap:8px;grid-column:1/-1}
.dot{width:11px;height:11px;border-radius:50%;display:inline-block}
figure.chart{margin:0 0 14px;min-width:0}
figure.chart.wide{grid-column:1/-1}
figcaption{font-weight:600;font-size:14px;margin:0 0 4px}
svg.chart-svg{width:100%;height:auto;display:block;font-size:13px}
svg.mini{font-size:11px}
.minis{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:2px 10px}
.grid{stroke:#eceef2;stroke-width:1}
.plot-frame{fill:none;stroke:#9aa1ad;stroke-width:1}
.tick{fill:#4a5262;font-variant-numeric:tabular-nums}
.tick.small,.axis-title.small{font-size:10px}
.tickmark{stroke:#9aa1ad}
.axis-title{fill:#2b3240;font-weight:600}
.mini-title{font-weight:600;fill:#2b3240}
.ref{stroke:#7c8494;stroke-width:1;stroke-dasharray:4 3}
.ref-label{fill:#5b6475;font-size:11px}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12.5px;color:#333;margin:4px 0 2px 66px}
.legend span{display:inline-flex;align-items:center;gap:6px}
.legend svg.sw{width:22px;height:11px}
.ramp{display:inline-block;width:90px;height:10px;border-radius:2px;vertical-align:middle}
p.note{margin:2px 0 0;font-size:12.5px;color:var(--muted)}
p.empty{color:var(--muted);font-style:italic;font-size:14px;margin:8px 0 16px}
table{border-collapse:collapse;font-size:13.5px;width:100%}
dl.config{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:0 22px;margin:4px 0 12px}
dl.config div{border-top:1px solid var(--line);padding:5px 0}
dl.config dt{font-size:11.5px;font-weight:650;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
dl.config dd{margin:0;font-size:13.5px;overflow-wrap:anywhere}
dl.config div.differs{background:#fff4dc;box-shadow:-6px 0 0 #fff4dc,6px 0 0 #fff4dc}
dl.config div.differs dd{font-weight:600}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:650;text-transform:uppercase;letter-spacing:.03em;border:1px solid currentColor}
.badge.critical{color:var(--crit);background:#fdecea}.badge.warning{color:var(--warn);background:#fff4dc}.badge.info{color:var(--info);background:#e8f1fa}.badge.ok,.status-finished,.status-completed{color:#1b6e3a;background:#e6f4ea}
.status-diverged,.status-failed,.status-nonfinite{color:var(--crit);background:#fdecea}.status-interrupted,.status-stopped{color:var(--warn);background:#fff4dc}
p.status,p.counts{margin:0 0 8px}
p.alert{background:#fdecea;border-left:4px solid var(--crit);padding:8px 12px;margin:0 0 10px;border-radius:4px}
p.ok{color:#1b6e3a}
article.finding{border:1px solid var(--line);border-left:5px solid var(--info);border-radius:8px;padding:10px 14px;margin:0 0 14px;break-inside:avoid;min-width:0}
article.finding.sev-critical{border-left-color:var(--crit)}article.finding.sev-warning{border-left-color:#d89614}
article.finding header{display:flex;align-items:center;gap:10px}
article.finding h4{margin:0;font-size:15.5px}
article.finding h5{margin:10px 0 4px;font-size:13px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
p.where{margin:2px 0 6px;color:var(--muted);font-size:13px}
table.evidence{margin:6px 0;max-width:640px}
table.evidence th{text-align:left;font-size:12px;color:var(--muted);border-bottom:1px solid var(--line);padding:3px 8px 3px 0}
table.evidence td{padding:3px 8px 3px 0;border-bottom:1px solid #f0f1f4}
td.num{font-variant-numeric:tabular-nums;text-align:right}
ol.remedies{margin:0;padding-left:20px}
ol.remedies li{margin:0 0 8px}
pre.patch{margin:4px 0 0;background:#f3f5f8;border-radius:5px;padding:6px 10px;font-size:12.5px;white-space:pre-wrap;word-break:break-word}
code{font-size:.92em;background:#f3f5f8;padding:0 4px;border-radius:3px}
.tip{position:absolute;pointer-events:none;background:#14213d;color:#fff;font-size:12px;padding:4px 8px;border-radius:4px;white-space:nowrap;z-index:10}
footer{max-width:1280px;margin:0 auto;padding:0 24px 30px;color:var(--muted);font-size:12.5px}
@media (max-width:900px){.runs{grid-template-columns:1fr}.runs .run-col{display:block!important}}
@media (max-width:600px){svg.chart-svg{font-size:16px}svg.mini{font-size:15px}.tick.small{font-size:15px}main,header.top{padding-left:12px;padding-right:12px}section{padding:14px 12px 4px}.legend{margin-left:0}header.top h1{font-size:21px}}
@media print{body{background:#fff;font-size:12px}header.top{background:#fff;color:#000;padding:0 24px 8px;border-bottom:2px solid #000}.runs{grid-template-columns:repeat(var(--runs),minmax(0,1fr))!important}.runs.single .run-col{display:grid!important;grid-template-columns:1fr 1fr!important}svg.chart-svg{font-size:15px}header.top .sub,header.top ul.notes{color:#333}nav.toc,.tip{display:none}
section{border:none;padding:0;margin:14px 0;break-inside:auto}figure.chart,article.finding,dl.config div{break-inside:avoid}.runs{gap:10px}}
`;
