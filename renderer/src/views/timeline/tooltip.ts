// The item tooltip: one floating element beside the pointer, text only, shown on hover and removed with the view.
import { el } from './dom';
import type { Tip } from './window-items';

export class ItemTooltip {
  private box: HTMLElement;

  constructor(host: HTMLElement) {
    this.box = el('div', 'tl-tip');
    this.box.setAttribute('role', 'tooltip');
    this.box.dataset.testid = 'tl-tip';
    this.box.hidden = true;
    host.appendChild(this.box);
  }

  show(tip: Tip, at: { clientX: number; clientY: number }): void {
    const b = this.box;
    b.replaceChildren(el('div', 'tl-tip-title', tip.title));
    const table = el('dl', 'tl-tip-rows');
    for (const [k, v] of tip.rows) {
      table.appendChild(el('dt', '', k));
      table.appendChild(el('dd', 'mono', v));
    }
    b.appendChild(table);
    if (tip.hint) b.appendChild(el('div', 'tl-tip-hint', tip.hint));
    b.hidden = false;
    // Beside the pointer, kept inside the viewport.
    const w = b.offsetWidth;
    const h = b.offsetHeight;
    const x = at.clientX + 14 + w > window.innerWidth ? at.clientX - 14 - w : at.clientX + 14;
    const y = at.clientY + 14 + h > window.innerHeight ? at.clientY - 14 - h : at.clientY + 14;
    b.style.left = `${Math.max(4, x)}px`;
    b.style.top = `${Math.max(4, y)}px`;
  }

  hide(): void {
    this.box.hidden = true;
  }

  destroy(): void {
    this.box.remove();
  }
}
