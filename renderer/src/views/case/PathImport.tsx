// Browser mode: import a file or folder already on this machine, by path inside the allowed folders.
import { useState } from 'react';

export function PathImport({
  roots,
  disabled,
  onImport,
}: {
  roots: string[];
  disabled: boolean;
  onImport: (p: string) => void;
}) {
  const [p, setP] = useState('');
  return (
    <form
      className="row path-import"
      onSubmit={(e) => {
        e.preventDefault();
        if (p.trim()) onImport(p.trim());
      }}
    >
      <label className="grow">
        <span className="small muted">
          Or import a file or folder already on this machine, by path (inside {roots.join(', ')}):
        </span>
        <input
          type="text"
          value={p}
          onChange={(e) => setP(e.target.value)}
          placeholder={`${roots[0] ?? ''}/logs`}
          spellCheck={false}
          data-testid="path-input"
        />
      </label>
      <button type="submit" disabled={disabled || !p.trim()}>
        Import path
      </button>
    </form>
  );
}
