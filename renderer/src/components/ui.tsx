// Small shared pieces. Everything that shows log content renders it as React text (never HTML).
import { useState, type ReactNode } from 'react';
import { middle } from '../lib/format';
import { FLAG_INFO, KIND_LABEL } from '../lib/colors';
import type { Category, FlagName, IdentityKind, Outcome as OutcomeName } from '../lib/contract';

export function Mono({
  value,
  max = 48,
  copy = true,
  className = '',
}: {
  value: string | null | undefined;
  max?: number;
  copy?: boolean;
  className?: string;
}) {
  const [copied, setCopied] = useState(false);
  if (value === null || value === undefined || value === '') return <span className="muted">—</span>;
  const shown = middle(value, max);
  return (
    <span className={`mono ${className}`} title={value}>
      <span className="mono-text">{shown}</span>
      {copy && (
        <button
          type="button"
          className="copy"
          aria-label={`Copy ${value.length > 40 ? 'value' : value}`}
          onClick={(e) => {
            e.stopPropagation();
            void navigator.clipboard?.writeText(value).then(
              () => {
                setCopied(true);
                setTimeout(() => setCopied(false), 1200);
              },
              () => {},
            );
          }}
        >
          {copied ? '✓' : '⧉'}
        </button>
      )}
    </span>
  );
}

export function CatBadge({ category }: { category: Category }) {
  return (
    <span className={`badge cat cat-${category}`}>
      <i aria-hidden="true" />
      {category}
    </span>
  );
}

export function Outcome({ outcome, code }: { outcome: OutcomeName; code?: string | null }) {
  if (outcome === 'failure')
    return (
      <span className="outcome fail" title={code ? `failure: ${code}` : 'failure'}>
        <span aria-hidden="true">✖</span> failure{code ? ` · ${code}` : ''}
      </span>
    );
  if (outcome === 'success')
    return (
      <span className="outcome ok">
        <span aria-hidden="true">✓</span> success
      </span>
    );
  return (
    <span className="outcome unk">
      <span aria-hidden="true">?</span> {outcome}
    </span>
  );
}

/** An event flag (its label and explanation from FLAG_INFO), or another code with its own label and reason. */
export function FlagBadge(
  props: { flag: FlagName; reason?: string; label?: string } | { flag: string; reason: string; label: string },
) {
  const info = (FLAG_INFO as Partial<Record<string, { label: string; explain: string }>>)[props.flag];
  return (
    <span className={`badge flag flag-${props.flag}`} title={props.reason ?? info?.explain}>
      <span aria-hidden="true">⚑</span> {props.label ?? info?.label}
    </span>
  );
}

export function KindBadge({ kind, nhi }: { kind: IdentityKind; nhi?: boolean }) {
  const label = KIND_LABEL[kind];
  return (
    <span
      className={`badge kind ${nhi === false ? 'human' : 'nhi'}`}
      title={nhi === false ? 'human identity' : `non-human identity: ${label}`}
    >
      {label}
    </span>
  );
}

export function Empty({ title, children, actions }: { title: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="empty" role="status">
      <h2>{title}</h2>
      {children && <div className="empty-body">{children}</div>}
      {actions && <div className="empty-actions">{actions}</div>}
    </div>
  );
}

export function ErrorBox({ error, what, onRetry }: { error: string; what?: string; onRetry?: () => void }) {
  return (
    <div className="error-box" role="alert">
      <strong>{what ?? 'Something went wrong'}:</strong> <span>{error}</span>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Progress({ value, max, label }: { value: number; max: number; label: string }) {
  const pct = max > 0 ? Math.max(0, Math.min(100, (value / max) * 100)) : 0;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(pct)}
    >
      <div className="progress-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return (
    <span className="spinner" role="status" aria-label={label}>
      <span aria-hidden="true" />
    </span>
  );
}

export function LinkButton({
  onClick,
  children,
  title,
  className = '',
}: {
  onClick: () => void;
  children: ReactNode;
  title?: string;
  className?: string;
}) {
  return (
    <button
      type="button"
      className={`linklike ${className}`}
      title={title}
      onClick={(e) => {
        e.stopPropagation();
        onClick();
      }}
    >
      {children}
    </button>
  );
}
