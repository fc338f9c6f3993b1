// Entry: pick the transport (Electron preload, or the bridge signed in with its one-time code), fetch what this
// window may do, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/app.css';
import { createTransport } from './transport';
import { AppProvider } from './app/store';
import { App } from './app/App';
import { AnalystDialog } from './app/AnalystDialog';
import { storeAnalyst, storedAnalyst, takeAnalystFromUrl } from './app/analyst';

const root = createRoot(document.getElementById('root')!);

function Fatal({ message }: { message: string }) {
  return (
    <div className="fatal" role="alert">
      <h1>SessionScope cannot start this window</h1>
      <p>{message}</p>
    </div>
  );
}

async function boot(): Promise<void> {
  takeAnalystFromUrl();
  const t = await createTransport();
  if ('error' in t) {
    root.render(<Fatal message={t.error} />);
    return;
  }
  try {
    const session = await t.session();
    const start = (analyst: string | null) => {
      if (analyst !== null) t.setAnalyst?.(analyst);
      root.render(
        <StrictMode>
          <AppProvider t={t} session={session} analyst={analyst}>
            <App />
          </AppProvider>
        </StrictMode>,
      );
    };
    // The page names its analyst once per browser or window session, before anything can be written.
    const stored = storedAnalyst();
    if (!session.ask_analyst || !t.setAnalyst) start(null);
    else if (stored !== null) start(stored);
    else
      root.render(
        <AnalystDialog
          initial=""
          fallback={session.analyst}
          onDone={(name) => {
            storeAnalyst(name);
            start(name);
          }}
        />,
      );
  } catch (e) {
    root.render(<Fatal message={e instanceof Error ? e.message : String(e)} />);
  }
}

void boot();
