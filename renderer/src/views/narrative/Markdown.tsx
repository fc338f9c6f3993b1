// Notes and descriptions as the report shows them: the small markdown parser the report uses (lib/markdown.ts,
// pure and shared), rendered as React elements — text nodes only, never HTML; links show their address and stay inert.
import type { ReactNode } from 'react';
import { parseMarkdown, type Inline } from '../../../../lib/markdown';

function inline(inl: Inline[]): ReactNode[] {
  return inl.map((x, i) => {
    switch (x.t) {
      case 'text':
        return x.s;
      case 'strong':
        return <strong key={i}>{x.s}</strong>;
      case 'em':
        return <em key={i}>{x.s}</em>;
      case 'code':
        return <code key={i}>{x.s}</code>;
      case 'link':
        return (
          <span key={i}>
            {x.s} <span className="muted">({x.href})</span>
          </span>
        );
    }
  });
}

export function Markdown({ text, className = '' }: { text: string; className?: string }) {
  if (!text.trim()) return null;
  return (
    <div className={`md ${className}`}>
      {parseMarkdown(text).map((b, i) => {
        switch (b.t) {
          case 'heading':
            return (
              <p key={i} className={`md-h${b.level}`}>
                {inline(b.inl)}
              </p>
            );
          case 'para':
            return <p key={i}>{inline(b.inl)}</p>;
          case 'list':
            return b.ordered ? (
              <ol key={i}>
                {b.items.map((it, j) => (
                  <li key={j}>{inline(it)}</li>
                ))}
              </ol>
            ) : (
              <ul key={i}>
                {b.items.map((it, j) => (
                  <li key={j}>{inline(it)}</li>
                ))}
              </ul>
            );
          case 'quote':
            return <blockquote key={i}>{inline(b.inl)}</blockquote>;
          case 'code':
            return (
              <pre key={i} className="text-block">
                {b.s}
              </pre>
            );
          case 'rule':
            return <hr key={i} />;
        }
      })}
    </div>
  );
}
