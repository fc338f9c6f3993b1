// Server-Sent Events to the open pages: import and report progress, pushed from the API context's `emit`.
import type http from 'node:http';
import { API_HEADERS } from './security.js';

export class EventHub {
  private clients = new Set<http.ServerResponse>();
  private seq = 0;
  private timer: NodeJS.Timeout;

  constructor(private readonly max: number) {
    this.timer = setInterval(() => this.comment('ping'), 15_000);
    this.timer.unref();
  }

  add(res: http.ServerResponse): boolean {
    if (this.clients.size >= this.max) return false;
    res.writeHead(200, {
      ...API_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(': connected\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
    return true;
  }

  send(event: string, data: unknown): void {
    const safeEvent = event.replace(/[^A-Za-z0-9_.-]/g, '_');
    const frame = `id: ${++this.seq}\nevent: ${safeEvent}\ndata: ${JSON.stringify(data ?? null)}\n\n`;
    for (const c of this.clients) c.write(frame);
  }

  private comment(text: string): void {
    for (const c of this.clients) c.write(`: ${text}\n\n`);
  }

  close(): void {
    clearInterval(this.timer);
    for (const c of this.clients) c.end();
    this.clients.clear();
  }

  get size(): number {
    return this.clients.size;
  }
}
