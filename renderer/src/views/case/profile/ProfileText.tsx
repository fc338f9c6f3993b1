// A YAML text area with line numbers; lines with a problem are marked in the gutter, and goTo puts the caret on
// a problem's line and column.
import { forwardRef, useImperativeHandle, useMemo, useRef } from 'react';
import type { ProfileProblem } from '../../../lib/contract';

export interface ProfileTextHandle {
  goTo(line: number, col: number): void;
}

export const ProfileText = forwardRef<
  ProfileTextHandle,
  { value: string; problems: ProfileProblem[]; onChange: (text: string) => void }
>(function ProfileText({ value, problems, onChange }, ref) {
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lines = useMemo(() => value.split('\n'), [value]);
  const bad = useMemo(() => {
    const m = new Map<number, string>();
    for (const p of problems) m.set(p.line, `${m.has(p.line) ? m.get(p.line) + '\n' : ''}${p.message}`);
    return m;
  }, [problems]);

  useImperativeHandle(ref, () => ({
    goTo(line, col) {
      const a = area.current;
      if (!a) return;
      let at = 0;
      for (let i = 0; i < line - 1 && i < lines.length; i++) at += lines[i].length + 1;
      at += Math.max(0, col - 1);
      a.focus();
      a.setSelectionRange(at, Math.min(value.length, at + 1));
      // Scroll the line into view: line height is fixed by the stylesheet.
      const lh = parseFloat(getComputedStyle(a).lineHeight) || 18;
      a.scrollTop = Math.max(0, (line - 4) * lh);
    },
  }));

  return (
    <div className="profile-text">
      <div className="profile-gutter mono" ref={gutter} aria-hidden="true">
        {lines.map((_, i) => (
          <div key={i} className={bad.has(i + 1) ? 'bad' : undefined} title={bad.get(i + 1)}>
            {bad.has(i + 1) ? '● ' : ''}
            {i + 1}
          </div>
        ))}
      </div>
      <textarea
        ref={area}
        className="mono"
        value={value}
        spellCheck={false}
        wrap="off"
        aria-label="Profile YAML"
        aria-invalid={problems.length > 0}
        data-testid="profile-yaml"
        onChange={(e) => onChange(e.target.value)}
        onScroll={(e) => {
          if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
        }}
        onKeyDown={(e) => {
          // Tab indents with spaces (YAML forbids tabs for indentation) instead of leaving the field.
          if (e.key !== 'Tab' || e.shiftKey) return;
          e.preventDefault();
          const a = e.currentTarget;
          const { selectionStart: s, selectionEnd: end } = a;
          onChange(a.value.slice(0, s) + '  ' + a.value.slice(end));
          requestAnimationFrame(() => a.setSelectionRange(s + 2, s + 2));
        }}
      />
    </div>
  );
});
