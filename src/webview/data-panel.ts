// What the data panels (dashboard, chart preview) wire the same way: Refresh asks the host for
// the data again, a push of the panel's topic redraws it, a pushed error shows in its message
// line, a theme change redraws the last data in the new colours, and the host is told the page
// is listening. Each panel keeps only its own drawing.
import type { PanelKind, Push } from '../shared/webview-protocol';
import { onPush, ready, showError } from './common';
import { onThemeChange } from './theme';

type DataTopic = 'dashboard' | 'chart';
type DataOf<T extends DataTopic> = Extract<Push, { topic: T }>['data'];

export interface DataPanel<T extends DataTopic> {
  readonly panel: PanelKind;
  readonly topic: T;
  /** Where load and pushed errors are shown. */
  readonly message: HTMLElement;
  readonly load: () => Promise<DataOf<T>>;
  readonly show: (data: DataOf<T>) => unknown;
  /** The data on screen, redrawn when the theme changes. */
  readonly current: () => DataOf<T> | undefined;
}

/** Wires the panel and tells the host it is ready; returns Refresh's action. */
export function connectDataPanel<T extends DataTopic>(p: DataPanel<T>): () => Promise<void> {
  const reload = async () => {
    try {
      await p.show(await p.load());
    } catch (e) {
      showError(p.message, (e as Error).message);
    }
  };
  onPush((m) => {
    // The topic names the shape (checked by isHostMessage before any handler sees it).
    if (m.topic === p.topic && 'data' in m) void p.show(m.data as DataOf<T>);
    else if (m.topic === 'error') showError(p.message, m.message);
  });
  onThemeChange(() => {
    const d = p.current();
    if (d) void p.show(d);
  });
  ready(p.panel);
  return reload;
}
