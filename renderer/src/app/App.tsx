// The frame (UI.md): left rail, top bar (case, time range, zone, search), the view, a resizable detail pane,
// and the status line (events in view, running jobs).
import { Suspense, useEffect, useRef, useState } from 'react';
import { useApp } from './store';
import { RAIL } from './views';
import { useStatusText } from './status';
import { SHORTCUTS, isTyping, sendViewKey } from './keys';
import { EventDetail } from '../components/EventDetail';
import { Empty, LinkButton, Progress, Spinner } from '../components/ui';
import { fmtTime, zoneLabel, ZONES } from '../lib/time';
import { bytes, n } from '../lib/format';
import { AnalystDialog } from './AnalystDialog';
import { paneFloats } from './pane';

function useWindowWidth(): number {
  const [w, setW] = useState(() => window.innerWidth);
  useEffect(() => {
    const on = () => setW(window.innerWidth);
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return w;
}

export function App() {
  const app = useApp();
  const { route, go, info, caseRef, tz, setTz, theme, setTheme, jobs, openEvent, t, bump } = app;
  const status = useStatusText();
  const mode = app.session.mode;
  const [help, setHelp] = useState(false);
  const [naming, setNaming] = useState(false);
  const [paneWidth, setPaneWidth] = useState(() => Number(localStorage.getItem('sessionscope.pane') ?? 440) || 440);
  const winWidth = useWindowWidth();
  const searchRef = useRef<HTMLInputElement>(null);
  const [search, setSearch] = useState(route.view === 'events' ? (route.params.q ?? '') : '');
  const evId = route.params.ev ? Number(route.params.ev) : null;

  useEffect(() => {
    if (route.view === 'events') setSearch(route.params.q ?? '');
  }, [route.view, route.params.q]);

  // Desktop shell: the menu and the OS (file association, recent cases) open cases and switch views.
  useEffect(() => {
    if (mode !== 'electron') return;
    const offCase = t.on('app.caseChanged', () => {
      bump();
      go('case');
    });
    const offMenu = t.on('app.menu', (m) => {
      if (m.action === 'view') go(m.view);
      else go('case');
    });
    return () => {
      offCase();
      offMenu();
    };
  }, [t, mode, bump, go]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        if (help) {
          setHelp(false);
          e.preventDefault();
          return;
        }
        if (isTyping(e.target)) {
          (e.target as HTMLElement).blur();
          return;
        }
        if (evId !== null) {
          openEvent(null, { replace: true });
          e.preventDefault();
        }
        return;
      }
      if (e.altKey && e.key === 'ArrowLeft') {
        history.back();
        e.preventDefault();
        return;
      }
      if (e.altKey && e.key === 'ArrowRight') {
        history.forward();
        e.preventDefault();
        return;
      }
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
        return;
      }
      if (e.key === '?') {
        setHelp((h) => !h);
        e.preventDefault();
        return;
      }
      if (e.key === 'j') {
        sendViewKey('next');
        e.preventDefault();
        return;
      }
      if (e.key === 'k') {
        sendViewKey('prev');
        e.preventDefault();
        return;
      }
      if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement) && !(e.target instanceof HTMLAnchorElement)) {
        sendViewKey('open');
        return;
      }
      if (e.key === '+' || e.key === '=') {
        sendViewKey('zoom-in');
        e.preventDefault();
        return;
      }
      if (e.key === '-' || e.key === '_') {
        sendViewKey('zoom-out');
        e.preventDefault();
        return;
      }
      const entry = RAIL.find((r) => r.key === e.key);
      if (entry) {
        go(entry.id);
        e.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [help, evId, go, openEvent]);

  const entry = RAIL.find((r) => r.id === route.view) ?? RAIL[0];
  const View = entry.component;
  const running = jobs.filter((j) => !j.done);

  const startResize = (e: React.PointerEvent) => {
    const startX = e.clientX;
    const startW = paneWidth;
    const move = (ev: PointerEvent) =>
      setPaneWidth(Math.max(300, Math.min(window.innerWidth * 0.7, startW + (startX - ev.clientX))));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      setPaneWidth((w) => {
        localStorage.setItem('sessionscope.pane', String(Math.round(w)));
        return w;
      });
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  return (
    <div
      className={`app${evId !== null ? ' pane-open' : ''}${evId !== null && paneFloats(winWidth, paneWidth) ? ' pane-float' : ''}`}
      style={{ '--pane-w': `${paneWidth}px` } as React.CSSProperties}
    >
      <header className="topbar">
        <div className="nav-arrows">
          <button type="button" onClick={() => history.back()} aria-label="Back" title="Back (Alt+←)">
            ←
          </button>
          <button type="button" onClick={() => history.forward()} aria-label="Forward" title="Forward (Alt+→)">
            →
          </button>
        </div>
        <div
          className="brand"
          title={`SessionScope ${app.session.version} · ${app.session.mode === 'browser' ? 'browser mode' : 'desktop'}`}
        >
          SessionScope
        </div>
        <div className="case-name" data-testid="case-name">
          {caseRef ? info?.name || caseRef.name || 'Untitled case' : <span className="muted">no case open</span>}
        </div>
        {info?.time_range.from && (
          <div className="case-range mono" title="Time range of the case's events">
            {fmtTime(info.time_range.from, tz, { ms: false })} → {fmtTime(info.time_range.to, tz, { ms: false })}
          </div>
        )}
        <label className="tz">
          <span className="visually-hidden">Display time zone</span>
          <select
            value={tz}
            onChange={(e) => setTz(e.target.value)}
            aria-label="Display time zone"
            data-testid="tz-select"
          >
            {ZONES.map((z) => (
              <option key={z} value={z}>
                {z === 'local' ? `local (${zoneLabel('local')})` : zoneLabel(z)}
              </option>
            ))}
          </select>
        </label>
        <form
          className="global-search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            go('events', { q: search });
          }}
        >
          <input
            ref={searchRef}
            type="search"
            placeholder="Search events  ( / )"
            aria-label="Search all events"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            disabled={!caseRef}
            data-testid="global-search"
          />
        </form>
        {app.analyst !== null && (
          <button
            type="button"
            className="analyst-chip"
            onClick={() => setNaming(true)}
            title="Written into every audit and custody row you make in this browser session — click to change"
            data-testid="analyst-chip"
          >
            <span className="muted">analyst</span> {app.analyst}
          </button>
        )}
        <button
          type="button"
          className="theme-toggle"
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
          aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
          title="Light / dark theme"
        >
          {theme === 'dark' ? '☀' : '☾'}
        </button>
        <button
          type="button"
          onClick={() => setHelp(true)}
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
        >
          ?
        </button>
      </header>

      <nav className="rail" aria-label="Views">
        {RAIL.map((r) => (
          <button
            key={r.id}
            type="button"
            className={`rail-item${r.id === route.view ? ' active' : ''}`}
            aria-current={r.id === route.view ? 'page' : undefined}
            onClick={() => go(r.id)}
            disabled={r.needsCase && !caseRef}
            title={`${r.label}${r.key ? ` (${r.key})` : ''}${r.needsCase && !caseRef ? ' — open a case first' : ''}`}
            data-testid={`rail-${r.id}`}
          >
            <span className="rail-icon" aria-hidden="true">
              {r.icon}
            </span>
            <span className="rail-label">{r.label}</span>
          </button>
        ))}
      </nav>

      <main className="main" id="main">
        {entry.needsCase && !caseRef ? (
          <Empty
            title="No case is open"
            actions={
              <button type="button" className="primary" onClick={() => go('case')}>
                Create or open a case
              </button>
            }
          >
            <p>{entry.label} shows the open case. Create a case or open one first.</p>
          </Empty>
        ) : (
          <Suspense
            fallback={
              <div className="view">
                <Spinner label={`Loading ${entry.label}`} />
              </div>
            }
          >
            <View key={entry.id} />
          </Suspense>
        )}
      </main>

      {evId !== null && (
        <aside className="pane" aria-label="Event detail">
          <div
            className="pane-resize"
            onPointerDown={startResize}
            role="separator"
            aria-orientation="vertical"
            aria-label="Resize the detail pane"
          />
          <div className="pane-bar">
            <span className="muted">Event detail</span>
            <button
              type="button"
              onClick={() => openEvent(null, { replace: true })}
              aria-label="Close the detail pane (Esc)"
              data-testid="close-pane"
            >
              ✕
            </button>
          </div>
          <div className="pane-body">
            <EventDetail id={evId} />
          </div>
        </aside>
      )}

      <footer className="status" data-testid="status">
        <span>
          {status ||
            (info
              ? `${n(info.events)} events in case · ${n(info.identities)} identities · ${n(info.sessions)} sessions`
              : 'no case open')}
        </span>
        {running.map((j) => {
          const p = j.progress;
          const up = j.uploaded;
          const frac =
            up && !p ? (up.total ? up.sent / up.total : 0) : p && p.bytes_total ? p.bytes_read / p.bytes_total : 0;
          return (
            <span key={j.id} className="job">
              {j.label}
              {up && !p
                ? ` · uploading ${bytes(up.sent)} / ${bytes(up.total)}`
                : p
                  ? ` · ${p.phase === 'deriving' ? 'deriving identities and sessions' : `${p.file_index + 1}/${p.files} · ${n(p.events)} events`}`
                  : ''}
              <Progress value={frac} max={1} label={j.label} />
            </span>
          );
        })}
        <span className="grow" />
        <span className="muted">
          {zoneLabel(tz)} · {app.session.mode === 'browser' ? 'browser mode' : 'desktop'}
        </span>
        <LinkButton onClick={() => setHelp(true)}>? shortcuts</LinkButton>
      </footer>

      {naming && (
        <AnalystDialog
          initial={app.analyst ?? ''}
          fallback={app.session.analyst}
          onDone={(name) => {
            app.setAnalyst(name);
            setNaming(false);
          }}
          onCancel={() => setNaming(false)}
        />
      )}
      {help && (
        <div
          className="overlay"
          role="dialog"
          aria-modal="true"
          aria-label="Keyboard shortcuts"
          onClick={() => setHelp(false)}
        >
          <div className="dialog" onClick={(e) => e.stopPropagation()}>
            <h2>Keyboard shortcuts</h2>
            <table className="kv">
              <tbody>
                {SHORTCUTS.map(([k, v]) => (
                  <tr key={k}>
                    <th scope="row">
                      <kbd>{k}</kbd>
                    </th>
                    <td>{v}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button type="button" className="primary" onClick={() => setHelp(false)} autoFocus>
              Close
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
