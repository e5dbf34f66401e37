// Everything a client may refer to by number during one pause: frame ids and
// variable references. The whole store is dropped when the program resumes
// (like vscode-js-debug), and ids keep growing across pauses so a number from
// an earlier pause is recognised as stale instead of naming something new.

export class StaleHandleError extends Error {
  override readonly name = 'StaleHandleError';
}

export class HandleTable<T> {
  private readonly items = new Map<number, T>();
  private readonly byKey = new Map<string, number>();
  /** The first id handed out in the current pause. */
  private base: number;
  private next: number;

  constructor(private readonly what: string, first = 1) {
    this.base = first;
    this.next = first;
  }

  /** A new id for `item`; with a key, the same key gives the same id within a pause. */
  add(item: T, key?: string): number {
    if (key !== undefined) {
      const known = this.byKey.get(key);
      if (known !== undefined) return known;
    }
    const id = this.next++;
    this.items.set(id, item);
    if (key !== undefined) this.byKey.set(key, id);
    return id;
  }

  get(id: number): T {
    const item = this.items.get(id);
    if (item !== undefined) return item;
    if (Number.isInteger(id) && id > 0 && id < this.base) {
      throw new StaleHandleError(`${this.what} ${id} is stale: the program has run since it was given out`);
    }
    throw new StaleHandleError(`unknown ${this.what} ${id}`);
  }

  clear(): void {
    this.items.clear();
    this.byKey.clear();
    this.base = this.next;
  }

  get size(): number {
    return this.items.size;
  }
}

/** Per-pause state of one session; `clear` on every resume. */
export class PauseStore<Frame, Container> {
  readonly frames = new HandleTable<Frame>('frame id');
  readonly variables = new HandleTable<Container>('variables reference');
  /** Memoised per-pause answers (chains, continuation lists) keyed by what they describe. */
  private readonly memo = new Map<string, unknown>();

  cached<T>(key: string, compute: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = compute();
    this.memo.set(key, value);
    return value;
  }

  clear(): void {
    this.frames.clear();
    this.variables.clear();
    this.memo.clear();
  }
}
