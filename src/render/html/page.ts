/**
 * One self-contained HTML page around a laid-out graph: inline CSS, inline
 * SVG and a few lines of inline script for the details panel, nothing fetched
 * at view time. Every text is escaped; the details travel as JSON in a
 * non-executed script element and are shown with `textContent`, never as
 * markup.
 */
import { NODE_STATES, type DetailSection, type GraphLayout, type NodeState } from './graph-layout.js';

export interface PageOptions {
  readonly title: string;
  /** The summary line, as the text report ends with it. */
  readonly summary: string;
  /** Small print under the summary: when live was read, by what. */
  readonly note?: string;
  readonly layout: GraphLayout;
  /** Sections below the picture, for what no node stands for (repository findings, read problems). */
  readonly extra?: readonly DetailSection[];
  /** What a state means on this page, where it is not the drift report's word (discover: `read`). */
  readonly legendLabels?: Partial<Record<NodeState, string>>;
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/** JSON made safe inside a script element: no `</script>`, no `<!--`. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const COLOURS: Readonly<Record<NodeState, { readonly fill: string; readonly stroke: string }>> = {
  'in-sync': { fill: '#e6f4ea', stroke: '#2e7d32' },
  modified: { fill: '#fff4d6', stroke: '#c77700' },
  missing: { fill: '#fde7e9', stroke: '#c62828' },
  unmanaged: { fill: '#e8eefc', stroke: '#3454b4' },
  unknown: { fill: '#eeeeee', stroke: '#616161' },
  orphan: { fill: '#f3e5f5', stroke: '#7b1fa2' },
  external: { fill: '#ffffff', stroke: '#9e9e9e' },
};

const BADGE: Readonly<Record<'error' | 'warning' | 'hardening', string>> = {
  error: '#c62828',
  warning: '#c77700',
  hardening: '#3454b4',
};

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1f2328;background:#fafafa}
header{padding:12px 20px;background:#fff;border-bottom:1px solid #ddd}
h1{font-size:18px;margin:0 0 4px}
.summary{font-weight:600}.note{color:#666;font-size:12px}
.legend{display:flex;flex-wrap:wrap;gap:12px;margin-top:8px;font-size:12px}
.legend span{display:inline-flex;align-items:center;gap:4px}
.legend i{display:inline-block;width:14px;height:14px;border:2px solid;border-radius:3px}
main{display:flex;align-items:flex-start}
#graph{flex:1;overflow:auto;padding:8px}#graph svg{max-width:100%;height:auto}
#details{width:380px;min-height:200px;max-height:90vh;overflow:auto;background:#fff;border-left:1px solid #ddd;padding:12px 16px;position:sticky;top:0}
#details h2{font-size:15px;margin:0 0 8px;word-break:break-all}
#details h3{font-size:13px;margin:12px 0 4px}
#details dl{margin:0;font-size:12px}
#details dt{font-family:ui-monospace,monospace;color:#555;margin-top:6px;word-break:break-all}
#details dd{margin:0 0 0 8px;font-family:ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}
g.node{cursor:pointer}g.node:focus{outline:none}
g.node rect{stroke-width:2}g.node.selected rect{stroke-width:4}
g.node text{font:12px ui-monospace,monospace;pointer-events:none}
g.node text.sub{fill:#555;font-size:11px}
g.node text.badge{fill:#fff;font-size:11px;font-weight:700}
path.edge{fill:none;stroke:#9aa0a6;stroke-width:1.2;marker-end:url(#arrow)}
section.extra{padding:8px 20px}section.extra h2{font-size:15px}
section.extra dt{font-family:ui-monospace,monospace}section.extra dd{margin:0 0 6px 12px;white-space:pre-wrap}
`;

const SCRIPT = `
(function(){
  var data=JSON.parse(document.getElementById('node-details').textContent);
  var panel=document.getElementById('details');
  function show(id){
    var node=data[id]; if(!node) return;
    document.querySelectorAll('g.node.selected').forEach(function(g){g.classList.remove('selected')});
    var g=document.querySelector('g.node[data-id="'+CSS.escape(id)+'"]'); if(g) g.classList.add('selected');
    panel.replaceChildren();
    var h=document.createElement('h2'); h.textContent=node.label; panel.appendChild(h);
    var s=document.createElement('div'); s.className='note'; s.textContent=node.sublabel+' \\u00b7 '+node.state; panel.appendChild(s);
    node.details.forEach(function(section){
      var t=document.createElement('h3'); t.textContent=section.title; panel.appendChild(t);
      var dl=document.createElement('dl');
      section.rows.forEach(function(row){
        var dt=document.createElement('dt'); dt.textContent=row[0]; dl.appendChild(dt);
        var dd=document.createElement('dd'); dd.textContent=row[1]; dl.appendChild(dd);
      });
      panel.appendChild(dl);
    });
  }
  document.querySelectorAll('g.node').forEach(function(g){
    g.addEventListener('click',function(){show(g.getAttribute('data-id'))});
    g.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();show(g.getAttribute('data-id'))}});
  });
})();
`;

function svgOf(layout: GraphLayout): string {
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" role="img" aria-label="resource graph">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#9aa0a6"/></marker></defs>',
  ];
  for (const edge of layout.edges) {
    if (edge.points.length < 2) continue;
    const d = edge.points.map((point, index) => `${index ? 'L' : 'M'}${point.x.toFixed(1)},${point.y.toFixed(1)}`);
    parts.push(`<path class="edge" d="${d.join('')}"><title>${escapeHtml(edge.label)}</title></path>`);
  }
  for (const node of layout.nodes) {
    const { fill, stroke } = COLOURS[node.state];
    parts.push(
      `<g class="node state-${node.state}" data-id="${escapeHtml(node.id)}" data-state="${node.state}" tabindex="0" role="button" transform="translate(${node.x.toFixed(1)},${node.y.toFixed(1)})">`,
      `<title>${escapeHtml(`${node.label} (${node.state})`)}</title>`,
      `<rect width="${node.width}" height="${node.height}" rx="6" fill="${fill}" stroke="${stroke}"/>`,
      `<text x="12" y="18">${escapeHtml(node.label)}</text>`,
      `<text class="sub" x="12" y="34">${escapeHtml(node.sublabel)}</text>`,
      node.badge
        ? `<circle cx="${node.width}" cy="0" r="10" fill="${BADGE[node.badgeSeverity ?? 'warning']}"/><text class="badge" x="${node.width}" y="4" text-anchor="middle">${node.badge}</text>`
        : '',
      '</g>',
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}

function legendOf(layout: GraphLayout, labels: Partial<Record<NodeState, string>>): string {
  const counts = new Map<NodeState, number>();
  for (const node of layout.nodes) counts.set(node.state, (counts.get(node.state) ?? 0) + 1);
  return NODE_STATES.filter(({ state }) => state !== 'external' || counts.has(state))
    .map(({ state, label }) => {
      const { fill, stroke } = COLOURS[state];
      const text = escapeHtml(labels[state] ?? label);
      return `<span data-state="${state}"><i style="background:${fill};border-color:${stroke}"></i>${text} (${counts.get(state) ?? 0})</span>`;
    })
    .join('');
}

function extraOf(sections: readonly DetailSection[]): string {
  return sections
    .map(
      (section) =>
        `<section class="extra"><h2>${escapeHtml(section.title)}</h2><dl>${section.rows
          .map(([term, text]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(text)}</dd>`)
          .join('')}</dl></section>`,
    )
    .join('\n');
}

/** The whole page. */
export function renderPage(options: PageOptions): string {
  const details = Object.fromEntries(
    options.layout.nodes.map((node) => [
      node.id,
      { label: node.label, sublabel: node.sublabel, state: node.state, details: node.details },
    ]),
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(options.title)}</h1>
<div class="summary" id="summary">${escapeHtml(options.summary)}</div>
${options.note ? `<div class="note">${escapeHtml(options.note)}</div>` : ''}
<div class="legend" id="legend">${legendOf(options.layout, options.legendLabels ?? {})}</div>
</header>
<main>
<div id="graph">
${svgOf(options.layout)}
</div>
<aside id="details"><p class="note">Click a resource to see its differences or findings.</p></aside>
</main>
${extraOf(options.extra ?? [])}
<script type="application/json" id="node-details">${scriptJson(details)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
