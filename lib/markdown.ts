// Shared by the report and exports (core) and the workbench (renderer): plain TypeScript with no imports, so
// both sides may load it. A deliberately small markdown: headings, paragraphs, lists, block quotes, code blocks,
// rules, **strong**, *emphasis*, `code` and [links](url). Notes often quote log content, so nothing typed in a note
// ever becomes markup: text is parsed into a tiny tree, and the HTML writer escapes every character it emits. Raw
// HTML in a note is shown as the text it is; links are shown with their address, never made live (the report is
// read offline, by people who should see where a link goes).

export type Inline =
  | { t: 'text'; s: string }
  | { t: 'strong'; s: string }
  | { t: 'em'; s: string }
  | { t: 'code'; s: string }
  | { t: 'link'; s: string; href: string };

export type Block =
  | { t: 'heading'; level: 1 | 2 | 3; inl: Inline[] }
  | { t: 'para'; inl: Inline[] }
  | { t: 'list'; ordered: boolean; items: Inline[][] }
  | { t: 'quote'; inl: Inline[] }
  | { t: 'code'; s: string }
  | { t: 'rule' };

const INLINE =
  /(`[^`\n]+`)|(\*\*[^*\n]+\*\*|__[^_\n]+__)|(\*[^*\s][^*\n]*\*|_[^_\s][^_\n]*_)|(\[[^\]\n]+\]\([^)\s]+\))/g;

export function parseInline(s: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of s.matchAll(INLINE)) {
    if (m.index! > last) out.push({ t: 'text', s: s.slice(last, m.index) });
    const tok = m[0];
    if (m[1]) out.push({ t: 'code', s: tok.slice(1, -1) });
    else if (m[2]) out.push({ t: 'strong', s: tok.slice(2, -2) });
    else if (m[3]) out.push({ t: 'em', s: tok.slice(1, -1) });
    else {
      const close = tok.indexOf('](');
      out.push({ t: 'link', s: tok.slice(1, close), href: tok.slice(close + 2, -1) });
    }
    last = m.index! + tok.length;
  }
  if (last < s.length) out.push({ t: 'text', s: s.slice(last) });
  return out;
}

export function parseMarkdown(src: string): Block[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ t: 'para', inl: parseInline(para.join(' ')) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*```/.test(line)) {
      flush();
      const body: string[] = [];
      for (i++; i < lines.length && !/^\s*```/.test(lines[i]); i++) body.push(lines[i]);
      blocks.push({ t: 'code', s: body.join('\n') });
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    const h = /^(#{1,3})\s+(.*)$/.exec(line);
    if (h) {
      flush();
      blocks.push({ t: 'heading', level: h[1].length as 1 | 2 | 3, inl: parseInline(h[2].trim()) });
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flush();
      blocks.push({ t: 'rule' });
      continue;
    }
    const li = /^\s*(?:([-*+])|(\d+)[.)])\s+(.*)$/.exec(line);
    if (li) {
      flush();
      const ordered = li[2] !== undefined;
      const items: Inline[][] = [];
      let j = i;
      for (; j < lines.length; j++) {
        const m = /^\s*(?:([-*+])|(\d+)[.)])\s+(.*)$/.exec(lines[j]);
        if (!m || (m[2] !== undefined) !== ordered) break;
        let text = m[3];
        // Continuation lines (indented, not a new item) belong to the item.
        while (j + 1 < lines.length && /^\s{2,}\S/.test(lines[j + 1]) && !/^\s*(?:[-*+]|\d+[.)])\s+/.test(lines[j + 1]))
          text += ' ' + lines[++j].trim();
        items.push(parseInline(text));
      }
      blocks.push({ t: 'list', ordered, items });
      i = j - 1;
      continue;
    }
    if (/^\s*>/.test(line)) {
      flush();
      const q: string[] = [];
      for (; i < lines.length && /^\s*>/.test(lines[i]); i++) q.push(lines[i].replace(/^\s*>\s?/, ''));
      i--;
      blocks.push({ t: 'quote', inl: parseInline(q.join(' ')) });
      continue;
    }
    para.push(line.trim());
  }
  flush();
  return blocks;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]);
}

function inlineHtml(inl: Inline[]): string {
  return inl
    .map((x) => {
      switch (x.t) {
        case 'text':
          return escapeHtml(x.s);
        case 'strong':
          return `<strong>${escapeHtml(x.s)}</strong>`;
        case 'em':
          return `<em>${escapeHtml(x.s)}</em>`;
        case 'code':
          return `<code>${escapeHtml(x.s)}</code>`;
        case 'link':
          return `<span class="md-link">${escapeHtml(x.s)}</span> <span class="md-url">(${escapeHtml(x.href)})</span>`;
      }
    })
    .join('');
}

/** Markdown → HTML in which every character of the source arrives escaped. */
export function markdownToHtml(src: string): string {
  return parseMarkdown(src)
    .map((b) => {
      switch (b.t) {
        case 'heading':
          return `<p class="md-h${b.level}">${inlineHtml(b.inl)}</p>`;
        case 'para':
          return `<p>${inlineHtml(b.inl)}</p>`;
        case 'list':
          return `<${b.ordered ? 'ol' : 'ul'}>${b.items.map((it) => `<li>${inlineHtml(it)}</li>`).join('')}</${b.ordered ? 'ol' : 'ul'}>`;
        case 'quote':
          return `<blockquote>${inlineHtml(b.inl)}</blockquote>`;
        case 'code':
          return `<pre>${escapeHtml(b.s)}</pre>`;
        case 'rule':
          return '<hr>';
      }
    })
    .join('\n');
}

function inlineText(inl: Inline[]): string {
  return inl.map((x) => (x.t === 'link' ? `${x.s} (${x.href})` : x.s)).join('');
}

/** Markdown → plain text (CSV cells, Timesketch comments, terminal output). */
export function markdownToText(src: string): string {
  return parseMarkdown(src)
    .map((b) => {
      switch (b.t) {
        case 'heading':
        case 'para':
        case 'quote':
          return inlineText(b.inl);
        case 'list':
          return b.items.map((it, i) => `${b.ordered ? `${i + 1}.` : '-'} ${inlineText(it)}`).join('\n');
        case 'code':
          return b.s;
        case 'rule':
          return '---';
      }
    })
    .join('\n\n');
}
