// Application state shared by the frame and the views: the transport, the open case, display settings, the
// route, the selection carried across views, and running jobs.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SessionInfo, Transport } from '../transport';
import type { CaseInfo, CaseRef, ImportProgress } from '../lib/contract';
import { navigate, useRoute, currentRoute, type Route, type ViewId } from './router';
import { setStatusText } from './status';
import { storeAnalyst } from './analyst';

export type Theme = 'light' | 'dark';

export interface Job {
  id: string;
  label: string;
  progress: ImportProgress | null;
  uploaded?: { sent: number; total: number; file: string } | null;
  error?: string | null;
  done?: boolean;
}

export interface AppState {
  t: Transport;
  session: SessionInfo;
  caseRef: CaseRef | null;
  info: CaseInfo | null;
  infoError: string | null;
  refreshCase(): Promise<void>;
  /** Bumped whenever case data changes (import, derivation, merge): views reload. */
  dataVersion: number;
  bump(): void;
  tz: string;
  setTz(tz: string): void;
  theme: Theme;
  setTheme(t: Theme): void;
  route: Route;
  /**
   * Switches view. The event pane closes (it belonged to the view it was opened from; Back brings both back),
   * unless `keepEvent`: a pivot from the event itself to a view built around it (its identity's events, its
   * session, the timeline at its time), where the event is in the new view.
   */
  go(view: ViewId, params?: Record<string, string>, opts?: { replace?: boolean; keepEvent?: boolean }): void;
  setParams(patch: Record<string, string | undefined>, opts?: { replace?: boolean }): void;
  openEvent(id: number | null, opts?: { replace?: boolean }): void;
  selection: number[];
  setSelection(ids: number[]): void;
  /** Sets the status line (see status.ts: it does not re-render the app). */
  setStatus(s: string): void;
  jobs: Job[];
  setJob(job: Job): void;
  removeJob(id: string): void;
  /** Who acts in this browser session (null: the host's analyst — Electron, or a bridge that does not ask). */
  analyst: string | null;
  setAnalyst(name: string): void;
}

const Ctx = createContext<AppState | null>(null);

export function useApp(): AppState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useApp outside AppProvider');
  return v;
}

function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem('sessionscope.theme');
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    /* storage unavailable */
  }
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function AppProvider({
  t,
  session,
  analyst: initialAnalyst = null,
  children,
}: {
  t: Transport;
  session: SessionInfo;
  analyst?: string | null;
  children: ReactNode;
}) {
  const route = useRoute();
  const [analyst, setAnalystState] = useState<string | null>(initialAnalyst);
  const setAnalyst = useCallback(
    (name: string) => {
      storeAnalyst(name);
      t.setAnalyst?.(name);
      setAnalystState(name);
    },
    [t],
  );
  const [caseRef, setCaseRef] = useState<AppState['caseRef']>(null);
  const [info, setInfo] = useState<CaseInfo | null>(null);
  const [infoError, setInfoError] = useState<string | null>(null);
  const [dataVersion, setDataVersion] = useState(0);
  const [tz, setTzState] = useState<string>(() => {
    try {
      return localStorage.getItem('sessionscope.tz') ?? 'UTC';
    } catch {
      return 'UTC';
    }
  });
  const [theme, setThemeState] = useState<Theme>(initialTheme);
  const [selection, setSelection] = useState<number[]>([]);
  const [jobs, setJobs] = useState<Job[]>([]);
  const refreshing = useRef<Promise<void> | null>(null);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    try {
      localStorage.setItem('sessionscope.theme', theme);
    } catch {
      /* ignore */
    }
  }, [theme]);

  const refreshCase = useCallback(async () => {
    if (refreshing.current) return refreshing.current;
    const p = (async () => {
      try {
        const cur = await t.call('case.current');
        setCaseRef(cur);
        if (cur) {
          const i = await t.call('case.info');
          setInfo(i);
          document.title = `${i.name || 'Case'} — SessionScope`;
        } else {
          setInfo(null);
          document.title = 'SessionScope';
        }
        setInfoError(null);
      } catch (e) {
        setInfoError(e instanceof Error ? e.message : String(e));
      } finally {
        refreshing.current = null;
      }
    })();
    refreshing.current = p;
    return p;
  }, [t]);

  useEffect(() => {
    void refreshCase();
  }, [refreshCase, dataVersion]);

  const setTz = useCallback((z: string) => {
    setTzState(z);
    try {
      localStorage.setItem('sessionscope.tz', z);
    } catch {
      /* ignore */
    }
  }, []);

  const go = useCallback<AppState['go']>((view, params = {}, opts = {}) => {
    const cur = currentRoute();
    const p = { ...params };
    if (opts.keepEvent && cur.params.ev && !p.ev) p.ev = cur.params.ev;
    navigate({ view, params: p }, opts);
  }, []);

  const setParams = useCallback<AppState['setParams']>((patch, opts = {}) => {
    const cur = currentRoute();
    const params = { ...cur.params };
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') delete params[k];
      else params[k] = v;
    }
    navigate({ view: cur.view, params }, opts);
  }, []);

  const openEvent = useCallback<AppState['openEvent']>((id, opts = {}) => {
    const cur = currentRoute();
    const params = { ...cur.params };
    if (id === null) delete params.ev;
    else params.ev = String(id);
    navigate({ view: cur.view, params }, opts);
  }, []);

  const setJob = useCallback((job: Job) => {
    setJobs((js) => {
      const i = js.findIndex((j) => j.id === job.id);
      if (i < 0) return [...js, job];
      const copy = js.slice();
      copy[i] = job;
      return copy;
    });
  }, []);
  const removeJob = useCallback((id: string) => setJobs((js) => js.filter((j) => j.id !== id)), []);
  const bump = useCallback(() => setDataVersion((v) => v + 1), []);

  const value = useMemo<AppState>(
    () => ({
      t,
      session,
      caseRef,
      info,
      infoError,
      refreshCase,
      dataVersion,
      bump,
      tz,
      setTz,
      theme,
      setTheme: setThemeState,
      route,
      go,
      setParams,
      openEvent,
      selection,
      setSelection,
      setStatus: setStatusText,
      jobs,
      setJob,
      removeJob,
      analyst,
      setAnalyst,
    }),
    [
      analyst,
      setAnalyst,
      t,
      session,
      caseRef,
      info,
      infoError,
      refreshCase,
      dataVersion,
      bump,
      tz,
      setTz,
      theme,
      route,
      go,
      setParams,
      openEvent,
      selection,
      jobs,
      setJob,
      removeJob,
    ],
  );

  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}
