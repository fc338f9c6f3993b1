// Export of the drawn graph: PNG from cytoscape, and a standalone SVG built from the laid-out geometry (every
// label escaped as text), downloaded from the page.
import type { Core } from 'cytoscape';

export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

export function exportPng(cy: Core, name: string): void {
  download(`${name}.png`, cy.png({ output: 'blob', full: true, scale: 2, bg: cssVar('--bg') }));
}

export function exportSvg(cy: Core, name: string, title: string): void {
  const fg = cssVar('--fg');
  const nodes: SvgNode[] = cy.nodes(':visible').map((nd) => ({
    x: nd.position('x'),
    y: nd.position('y'),
    w: nd.width(),
    h: nd.height(),
    label: String(nd.data('full') ?? nd.data('label') ?? ''),
    fill: String(nd.style('background-color')),
    stroke: String(nd.style('border-color')),
    shape: nd.hasClass('identity') ? 'ellipse' : nd.hasClass('group') ? 'hexagon' : 'round-rectangle',
    text: fg,
  }));
  const edges: SvgEdge[] = cy.edges(':visible').map((e) => {
    const a = e.sourceEndpoint();
    const b = e.targetEndpoint();
    return {
      x1: a.x,
      y1: a.y,
      x2: b.x,
      y2: b.y,
      color: String(e.style('line-color')),
      width: Number(e.data('w')) || 1,
      label: String(e.data('label') ?? ''),
      dashed: e.hasClass('idedge'),
      text: fg,
    };
  });
  download(`${name}.svg`, new Blob([toSvg(nodes, edges, cssVar('--bg'), title)], { type: 'image/svg+xml' }));
}

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface SvgNode {
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
  fill: string;
  stroke: string;
  shape: 'ellipse' | 'round-rectangle' | 'hexagon';
  text: string;
}
export interface SvgEdge {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  color: string;
  width: number;
  label: string;
  dashed: boolean;
  text: string;
}

/** A standalone SVG document from laid-out node and edge geometry; all labels escaped as text. */
export function toSvg(nodes: SvgNode[], edges: SvgEdge[], bg: string, title: string): string {
  const xs = nodes.flatMap((n) => [n.x - n.w / 2, n.x + n.w / 2]);
  const ys = nodes.flatMap((n) => [n.y - n.h / 2, n.y + n.h / 2 + 16]);
  const pad = 40;
  const minX = Math.min(0, ...xs) - pad;
  const minY = Math.min(0, ...ys) - pad;
  const w = Math.max(...xs, 100) - minX + pad;
  const h = Math.max(...ys, 100) - minY + pad;
  const out: string[] = [];
  out.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${minX.toFixed(1)} ${minY.toFixed(1)} ${w.toFixed(1)} ${h.toFixed(1)}" width="${Math.round(w)}" height="${Math.round(h)}" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">`,
  );
  out.push(`<title>${esc(title)}</title>`);
  out.push(
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>`,
  );
  out.push(`<rect x="${minX}" y="${minY}" width="${w}" height="${h}" fill="${esc(bg)}"/>`);
  for (const e of edges) {
    out.push(
      `<line x1="${e.x1.toFixed(1)}" y1="${e.y1.toFixed(1)}" x2="${e.x2.toFixed(1)}" y2="${e.y2.toFixed(1)}" stroke="${esc(e.color)}" stroke-width="${e.width.toFixed(1)}"${e.dashed ? ' stroke-dasharray="6 4"' : ''} marker-end="url(#arrow)"/>`,
    );
    if (e.label)
      out.push(
        `<text x="${((e.x1 + e.x2) / 2).toFixed(1)}" y="${((e.y1 + e.y2) / 2 - 4).toFixed(1)}" font-size="9" text-anchor="middle" fill="${esc(e.text)}">${esc(e.label)}</text>`,
      );
  }
  for (const n of nodes) {
    const x = n.x - n.w / 2;
    const y = n.y - n.h / 2;
    if (n.shape === 'ellipse')
      out.push(
        `<ellipse cx="${n.x.toFixed(1)}" cy="${n.y.toFixed(1)}" rx="${(n.w / 2).toFixed(1)}" ry="${(n.h / 2).toFixed(1)}" fill="${esc(n.fill)}" stroke="${esc(n.stroke)}" stroke-width="2"/>`,
      );
    else if (n.shape === 'hexagon') {
      const pts = [0, 1, 2, 3, 4, 5]
        .map((k) => {
          const a = (Math.PI / 3) * k;
          return `${(n.x + (n.w / 2) * Math.cos(a)).toFixed(1)},${(n.y + (n.h / 2) * Math.sin(a)).toFixed(1)}`;
        })
        .join(' ');
      out.push(`<polygon points="${pts}" fill="${esc(n.fill)}" stroke="${esc(n.stroke)}" stroke-width="2"/>`);
    } else
      out.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${n.w.toFixed(1)}" height="${n.h.toFixed(1)}" rx="4" fill="${esc(n.fill)}" stroke="${esc(n.stroke)}" stroke-width="2"/>`,
      );
    out.push(
      `<text x="${n.x.toFixed(1)}" y="${(n.y + n.h / 2 + 12).toFixed(1)}" font-size="10" text-anchor="middle" fill="${esc(n.text)}">${esc(n.label.length > 48 ? n.label.slice(0, 22) + '…' + n.label.slice(-22) : n.label)}</text>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}
