// The graph's cytoscape stylesheet, coloured from the theme's CSS variables (redrawn when the theme changes).
// Labels are LABEL_PX at zoom 1 and the view never opens below zoom 1 (GraphCanvas), so they are legible at the
// default fit; zoomed far out they hide rather than shrink into noise.
import type { StylesheetJson } from 'cytoscape';
import { cssVar } from './export';

export const LABEL_PX = 11;

export function graphStyle(): StylesheetJson {
  const fg = cssVar('--fg');
  const fg2 = cssVar('--fg-2');
  const bg = cssVar('--bg');
  const accent = cssVar('--accent');
  const danger = cssVar('--danger');
  const edgeCol = cssVar('--graph-edge');
  return [
    {
      selector: 'node',
      style: {
        'background-color': cssVar('--graph-resource'),
        'border-color': fg2,
        'border-width': 1.5,
        width: 'data(size)',
        height: 'data(size)',
        label: 'data(label)',
        color: fg,
        'font-size': LABEL_PX,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-wrap': 'wrap',
        'text-max-width': '400px',
        'min-zoomed-font-size': 6,
        shape: 'round-rectangle',
        'text-background-color': bg,
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
      },
    },
    {
      selector: 'node.identity',
      style: { 'background-color': cssVar('--graph-identity'), shape: 'ellipse', 'border-color': accent },
    },
    {
      selector: 'node.group',
      style: { 'background-color': cssVar('--graph-group'), shape: 'hexagon', 'border-style': 'dashed' },
    },
    { selector: 'node.root, node.focus', style: { 'border-width': 4, 'border-color': accent } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': accent, 'overlay-opacity': 0 } },
    { selector: 'node.hover', style: { 'z-index': 20 } },
    {
      selector: 'edge',
      style: {
        width: 'data(w)',
        'line-color': edgeCol,
        'target-arrow-color': edgeCol,
        'target-arrow-shape': 'triangle',
        'curve-style': 'bezier',
        'line-opacity': 0.6,
        label: 'data(label)',
        'font-size': LABEL_PX,
        color: fg2,
        'text-rotation': 'autorotate',
        'min-zoomed-font-size': 6,
        'text-background-color': bg,
        'text-background-opacity': 0.9,
        'text-background-padding': '1px',
      },
    },
    {
      selector: 'edge.idedge',
      style: { 'line-style': 'dashed', 'line-color': accent, 'target-arrow-color': accent },
    },
    { selector: 'edge.fail', style: { 'line-color': danger, 'target-arrow-color': danger } },
    {
      selector: 'edge:selected, edge.hop',
      style: { width: 5, 'line-color': accent, 'target-arrow-color': accent, 'overlay-opacity': 0, 'line-opacity': 1 },
    },
    { selector: '.faded', style: { opacity: 0.2 } },
    { selector: '.hidden-by-time', style: { display: 'none' } },
  ];
}
