// One row's cells, in the layout's order. Log content is React text, never HTML.
import { fmtTime } from '../../lib/time';
import { arnAccount, networkText, shortName } from '../../lib/format';
import { CatBadge, FlagBadge } from '../../components/ui';
import type { EventJson, FlagName, GridMark } from '../../lib/contract';
import type { ColKey } from './columns';
import type { VisibleColumn } from './grid-layout';
import { FLAG_INFO } from '../../lib/colors';

/** Most events that carry a flag carry `deviation` (and often `sigma`): they go last in a row's flags. */
const COMMON_FLAGS = ['sigma', 'deviation'];
const flagRank = (f: string) => COMMON_FLAGS.indexOf(f);

function Cell({ r, k, tz, mark }: { r: EventJson; k: ColKey; tz: string; mark: GridMark | undefined }) {
  switch (k) {
    case 'ts':
      return <span className="mono">{fmtTime(r.ts, tz)}</span>;
    case 'who': {
      const who = r.identity ?? r.principal ?? '';
      return (
        <span
          className="mono"
          title={
            r.principal && r.identity && r.principal !== r.identity ? `${r.identity}\nprincipal: ${r.principal}` : who
          }
        >
          {who ? shortName(who) : '—'}
          {who && arnAccount(who) ? <span className="acct"> {arnAccount(who)}</span> : null}
        </span>
      );
    }
    case 'action':
      return (
        <span className="mono" title={r.action}>
          {r.action}
        </span>
      );
    case 'category':
      return <CatBadge category={r.category} />;
    case 'resource':
      return (
        <span className="mono" title={r.resource ?? ''}>
          {r.resource ? shortName(r.resource) : ''}
        </span>
      );
    case 'outcome':
      return (
        <span
          className={`outcome-cell ${r.outcome}`}
          title={r.error_code ? `${r.outcome}: ${r.error_code}` : r.outcome}
        >
          {r.outcome === 'failure' ? '✖ ' : r.outcome === 'success' ? '' : '? '}
          {r.outcome}
        </span>
      );
    case 'src_ip':
      return <span className="mono">{r.src_ip ?? ''}</span>;
    case 'net':
      return (
        <span className={r.src_tor ? 'net-tor' : undefined} title={networkText(r)}>
          {networkText(r)}
        </span>
      );
    case 'format':
      return <span>{r.format}</span>;
    case 'flags':
      // The specific flags first: the narrow column ends in "…", and that should hide the common ones.
      return (
        <span title={r.flags.map((f) => FLAG_INFO[f as FlagName]?.label ?? f).join(', ')}>
          {[...r.flags]
            .sort((a, b) => flagRank(a) - flagRank(b))
            .map((f) => (
              <FlagBadge key={f} flag={f} />
            ))}
        </span>
      );
    case 'tags':
      return (
        <span title={mark?.tags.map((x) => x.name).join(', ')} data-testid="tags-cell">
          {mark?.tags.map((x) => (
            <span key={x.name} className="tag-pill" style={{ borderColor: x.color }}>
              <i style={{ background: x.color }} aria-hidden="true" />
              {x.name}
            </span>
          ))}
        </span>
      );
    case 'user_agent':
      return (
        <span className="mono" title={r.user_agent ?? ''}>
          {r.user_agent ?? ''}
        </span>
      );
    case 'session':
      return <span className="mono">{r.session_key ?? ''}</span>;
  }
}

export function Cells({
  r,
  tz,
  columns,
  mark,
}: {
  r: EventJson;
  tz: string;
  columns: VisibleColumn[];
  mark: GridMark | undefined;
}) {
  return (
    <>
      {columns.map((c) => (
        <div
          key={c.key}
          className={`gcell${c.frozen ? ' frozen' : ''}`}
          style={c.frozen ? { left: c.left } : undefined}
          role="gridcell"
        >
          <Cell r={r} k={c.key as ColKey} tz={tz} mark={mark} />
        </div>
      ))}
    </>
  );
}
