/**
 * A list that creates DOM only for the rows in view (plus a few either side), so
 * 100,000 rows cost as much to draw as 40. Rows have one fixed height; a spacer
 * gives the scrollbar its full length, and a small pool of row elements is moved
 * and refilled as the view scrolls. Drawing happens at most once per frame.
 */
export class VirtualList {
  private readonly spacer: HTMLDivElement;
  private readonly pool: HTMLDivElement[] = [];
  private count = 0;
  private frame: number | null = null;
  private selected = -1;

  constructor(
    private readonly viewport: HTMLElement,
    private readonly rowHeight: number,
    private readonly draw: (node: HTMLDivElement, index: number) => void,
    onActivate: (index: number) => void,
    private readonly overscan = 8,
  ) {
    this.spacer = document.createElement("div");
    this.spacer.className = "vl-spacer";
    viewport.append(this.spacer);
    viewport.addEventListener("scroll", () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(viewport);
    viewport.addEventListener("click", (event) => {
      const index = this.indexOf(event.target);
      if (index !== null) this.select(index, onActivate);
    });
    viewport.addEventListener("keydown", (event) => {
      if (this.count === 0) return;
      const step = event.key === "ArrowDown" ? 1 : event.key === "ArrowUp" ? -1 : event.key === "PageDown" ? this.pageRows() : event.key === "PageUp" ? -this.pageRows() : 0;
      if (step !== 0) {
        event.preventDefault();
        this.select(Math.min(this.count - 1, Math.max(0, this.selected + step)), onActivate);
        this.scrollIntoView(this.selected);
      } else if (event.key === "Enter" && this.selected >= 0) onActivate(this.selected);
    });
  }

  get selectedIndex(): number {
    return this.selected;
  }

  /**
   * The list now has `count` rows. `insertedAbove` rows were added at the top: when
   * the human has scrolled away from the top, the view moves down with them so the
   * rows being read stay put; at the top it keeps showing the newest.
   */
  setCount(count: number, insertedAbove = 0): void {
    this.count = count;
    this.spacer.style.height = `${count * this.rowHeight}px`;
    if (insertedAbove > 0) {
      if (this.selected >= 0) this.selected += insertedAbove;
      if (this.viewport.scrollTop > 0) this.viewport.scrollTop += insertedAbove * this.rowHeight;
    }
    if (this.selected >= count) this.selected = -1;
    this.schedule();
  }

  /** Redraw everything in view (the filter changed, or a row's content did). */
  refresh(): void {
    this.schedule();
  }

  resetSelection(): void {
    this.selected = -1;
  }

  private select(index: number, onActivate: (index: number) => void): void {
    this.selected = index;
    this.schedule();
    onActivate(index);
  }

  private pageRows(): number {
    return Math.max(1, Math.floor(this.viewport.clientHeight / this.rowHeight) - 1);
  }

  private scrollIntoView(index: number): void {
    const top = index * this.rowHeight;
    if (top < this.viewport.scrollTop) this.viewport.scrollTop = top;
    else if (top + this.rowHeight > this.viewport.scrollTop + this.viewport.clientHeight) this.viewport.scrollTop = top + this.rowHeight - this.viewport.clientHeight;
  }

  private indexOf(target: EventTarget | null): number | null {
    let node = target instanceof HTMLElement ? target : null;
    while (node !== null && node !== this.viewport) {
      const index = node.dataset["index"];
      if (index !== undefined) return Number(index);
      node = node.parentElement;
    }
    return null;
  }

  private schedule(): void {
    this.frame ??= requestAnimationFrame(() => {
      this.frame = null;
      this.render();
    });
  }

  private render(): void {
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / this.rowHeight) - this.overscan);
    const last = Math.min(this.count, Math.ceil((this.viewport.scrollTop + this.viewport.clientHeight) / this.rowHeight) + this.overscan);
    const needed = Math.max(0, last - first);
    while (this.pool.length < needed) {
      const node = document.createElement("div");
      node.className = "vl-row";
      node.setAttribute("role", "row");
      node.style.height = `${this.rowHeight}px`;
      this.viewport.append(node);
      this.pool.push(node);
    }
    for (let p = 0; p < this.pool.length; p++) {
      const node = this.pool[p];
      if (node === undefined) continue;
      const index = first + p;
      if (index >= last) {
        node.style.display = "none";
        continue;
      }
      node.style.display = "";
      node.style.transform = `translateY(${index * this.rowHeight}px)`;
      node.dataset["index"] = String(index);
      node.classList.toggle("selected", index === this.selected);
      this.draw(node, index);
    }
  }
}
