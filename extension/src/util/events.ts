/**
 * A minimal event emitter with disposable subscriptions, shaped like VS Code's
 * (`emitter.event(listener)` returns a Disposable) so that code which does not import
 * `vscode` can still be wired to it and tested in plain Node.
 */
export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (value: T) => void) => Disposable;

export class Emitter<T> implements Disposable {
  private listeners: Array<(value: T) => void> = [];

  constructor(private readonly reportError: (err: unknown) => void = (err) => console.error("warden: a listener failed:", err)) {}

  readonly event: Event<T> = (listener) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };

  fire(value: T): void {
    // A listener's bug must not keep the next listeners from hearing the event.
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (err) {
        this.reportError(err);
      }
    }
  }

  dispose(): void {
    this.listeners = [];
  }
}

/** Collects disposables and disposes them once, newest first. */
export class DisposableStore implements Disposable {
  private items: Disposable[] = [];
  private disposed = false;

  add<D extends Disposable>(item: D): D {
    if (this.disposed) item.dispose();
    else this.items.push(item);
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const item of this.items.reverse()) item.dispose();
    this.items = [];
  }
}
