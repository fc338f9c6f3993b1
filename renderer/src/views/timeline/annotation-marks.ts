// What the analysts marked, as the timeline draws it: markers on the annotation lane (annotated events, time
// ranges, manual events) and, per event, its tags and layers (shown on the event's own mark). Hidden layers are
// left out. Every live annotation is read (paged), never a silent first few thousand.
import type { Annotation, Layer, ManualEvent } from '../../lib/contract';
import { eventMs } from './event-time';

export interface Marker {
  id: string;
  ms: number;
  end?: number;
  label: string;
  layer: string;
  color: string;
}

export interface EventMark {
  tags: { name: string; color: string }[];
  layers: { name: string; color: string }[];
  notes: number;
}

export interface AnnotationMarks {
  markers: Marker[];
  byEvent: Map<number, EventMark>;
  layers: Layer[];
}

export function buildMarks(anns: Annotation[], manual: ManualEvent[], layers: Layer[]): AnnotationMarks {
  const layerBy = new Map(layers.map((l) => [l.name, l]));
  const visible = (name: string) => layerBy.get(name)?.hidden !== true;
  const colourOf = (name: string) => layerBy.get(name)?.color ?? '#8a5300';
  const markers: Marker[] = [];
  const byEvent = new Map<number, EventMark>();
  for (const a of anns) {
    if (!visible(a.layer)) continue;
    const label = [a.kind, a.tag, a.body].filter(Boolean).join(' · ').slice(0, 80);
    const color = colourOf(a.layer);
    if (a.target.kind === 'event') {
      markers.push({ id: `a${a.id}`, ms: eventMs(a.target.id), label, layer: a.layer, color });
      let m = byEvent.get(a.target.id);
      if (!m) {
        m = { tags: [], layers: [], notes: 0 };
        byEvent.set(a.target.id, m);
      }
      if (a.tag && !m.tags.some((t) => t.name === a.tag)) m.tags.push({ name: a.tag, color: a.tag_color ?? color });
      if (!m.layers.some((l) => l.name === a.layer)) m.layers.push({ name: a.layer, color });
      if (a.kind === 'note') m.notes++;
    } else if (a.target.kind === 'range') {
      markers.push({
        id: `a${a.id}`,
        ms: Date.parse(a.target.from),
        end: Date.parse(a.target.to),
        label,
        layer: a.layer,
        color,
      });
    }
  }
  for (const m of manual) {
    if (!visible(m.layer)) continue;
    markers.push({
      id: `m${m.id}`,
      ms: Date.parse(m.ts),
      label: `manual · ${m.title}`,
      layer: m.layer,
      color: colourOf(m.layer),
    });
  }
  return { markers, byEvent, layers };
}
