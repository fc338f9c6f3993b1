// Entry: pick the transport (Electron preload, or the bridge signed in with its one-time code), fetch what this
// window may do, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/app.css';
import { createTransport } from './transport';
import { AppProvider } from './app/store';
import { App } from './app/App';

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
  const t = await createTransport();
  if ('error' in t) {
    root.render(<Fatal message={t.error} />);
    return;
  }
  try {
    const session = await t.session();
    root.render(
      <StrictMode>
        <AppProvider t={t} session={session}>
          <App />
        </AppProvider>
      </StrictMode>,
    );
  } catch (e) {
    root.render(<Fatal message={e instanceof Error ? e.message : String(e)} />);
  }
}

void boot();
