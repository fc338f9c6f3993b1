// Notes are markdown rendered safely: nothing typed in a note (or quoted from a log) becomes markup.
import { describe, expect, it } from 'vitest';
import { markdownToHtml, markdownToText, escapeHtml } from '../../lib/markdown.js';

describe('safe markdown', () => {
  it('renders the small markdown it knows', () => {
    const html = markdownToHtml(
      '# Heading\n\nSome **bold**, *emphasis* and `code`.\n\n- one\n- two\n\n1. first\n2. second\n\n> quoted\n\n```\nraw <b>block</b>\n```\n\n---',
    );
    expect(html).toContain('<p class="md-h1">Heading</p>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>emphasis</em>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<ul><li>one</li><li>two</li></ul>');
    expect(html).toContain('<ol><li>first</li><li>second</li></ol>');
    expect(html).toContain('<blockquote>quoted</blockquote>');
    expect(html).toContain('<pre>raw &lt;b&gt;block&lt;/b&gt;</pre>');
    expect(html).toContain('<hr>');
  });

  it('never passes HTML through, in text, code, emphasis or links', () => {
    const hostile =
      '<img src=x onerror=alert(1)> **<script>alert(2)</script>** `<iframe>` [click](javascript:alert) <a href="http://evil">x</a>';
    const html = markdownToHtml(hostile);
    expect(html).not.toMatch(/<(img|script|iframe|a)\b/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<strong>&lt;script&gt;alert(2)&lt;/script&gt;</strong>');
    // Links are shown with their address and never made live.
    expect(html).toContain('<span class="md-link">click</span> <span class="md-url">(javascript:alert)</span>');
    expect(html).not.toMatch(/<[^>]*href=/);
  });

  it('escapes quotes for attributes and turns markdown into plain text', () => {
    expect(escapeHtml(`"'&<>`)).toBe('&quot;&#39;&amp;&lt;&gt;');
    expect(markdownToText('Read from **203.0.113.66**; see [INC-4411](https://tickets/4411).\n\n- a\n- b')).toBe(
      'Read from 203.0.113.66; see INC-4411 (https://tickets/4411).\n\n- a\n- b',
    );
  });
});
