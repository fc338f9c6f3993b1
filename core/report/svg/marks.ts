// Event marks: filled circle in the category colour; a failure is a triangle with a red outline (outcome is
// never told by colour alone); a manual analyst event is a diamond.
import { categoryColor, FAILURE } from '../colors.js';
import { num } from './svg.js';

export function eventMark(x: number, y: number, category: string, failed: boolean, r = 4): string {
  const fill = categoryColor(category);
  if (failed) {
    const h = r * 1.25;
    return `<path d="M${num(x)} ${num(y - h)}L${num(x + h)} ${num(y + h * 0.8)}L${num(x - h)} ${num(y + h * 0.8)}Z" fill="${fill}" stroke="${FAILURE}" stroke-width="1.4"/>`;
  }
  return `<circle cx="${num(x)}" cy="${num(y)}" r="${num(r)}" fill="${fill}" stroke="#fff" stroke-width="0.8"/>`;
}

export function manualMark(x: number, y: number, r = 4.5): string {
  return `<path d="M${num(x)} ${num(y - r)}L${num(x + r)} ${num(y)}L${num(x)} ${num(y + r)}L${num(x - r)} ${num(y)}Z" fill="#fff" stroke="#212529" stroke-width="1.4"/>`;
}
