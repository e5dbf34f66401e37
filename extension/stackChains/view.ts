// The Stack Chains view (Run and Debug container): threads → chain segments
// → frames, and every continuation with its state and sites. Children are
// built only when a row is expanded, and long lists are paged behind a
// "more…" row, so 100,000 continuations cost one page of rows, not 100,000.

import * as vscode from 'vscode';
import {
  type StackChainContinuation, type StackChainFrame, type StackChainSegment, type StackChainSite, type StackChainsResponseBody, type StackChainThread,
  continuationDescription, countLabel, handlersText, page, segmentDescription, segmentLabel, siteText, stateSummary,
} from './model.js';

export type Node =
  | { readonly kind: 'group'; readonly key: string; readonly group: 'threads' | 'continuations' }
  | { readonly kind: 'thread'; readonly key: string; readonly thread: StackChainThread }
  | { readonly kind: 'segment'; readonly key: string; readonly segment: StackChainSegment; readonly index: number }
  | { readonly kind: 'frame'; readonly key: string; readonly frame: StackChainFrame }
  | { readonly kind: 'continuation'; readonly key: string; readonly cont: StackChainContinuation }
  | { readonly kind: 'site'; readonly key: string; readonly label: string; readonly site: StackChainSite }
  | { readonly kind: 'more'; readonly key: string; readonly parentKey: string; readonly remaining: number }
  | { readonly kind: 'message'; readonly key: string; readonly text: string };

/** Where the view's data comes from; the controller (refresh.ts) implements it. */
export interface ChainsSource {
  readonly data: StackChainsResponseBody | undefined;
  readonly sessionId: string | undefined;
  /** Loads more continuations from the adapter when it sent only a page of them. */
  loadMoreContinuations(upTo: number): Promise<void>;
}

export class StackChainsProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** How many children each paged parent shows, by the parent's key. */
  private readonly limits = new Map<string, number>();

  constructor(private readonly source: ChainsSource, private readonly pageSize: () => number) {}

  /** New data (a stop, a resume, a new session): rebuild from the root. Paging is reset: it belongs to the old data. */
  refresh(): void {
    this.limits.clear();
    this.changed.fire(undefined);
  }

  async showMore(node: Node): Promise<void> {
    if (node.kind !== 'more') return;
    const limit = this.limitOf(node.parentKey) + this.pageSize();
    this.limits.set(node.parentKey, limit);
    if (node.parentKey === 'group:continuations') await this.source.loadMoreContinuations(limit);
    this.changed.fire(undefined);
  }

  /** How many continuations the first answer after a stop should carry. */
  firstPage(): number {
    return this.pageSize();
  }

  private limitOf(key: string): number {
    return this.limits.get(key) ?? this.pageSize();
  }

  getChildren(node?: Node): Node[] {
    const data = this.source.data;
    if (!node) {
      if (!data) return [{ kind: 'message', key: 'msg', text: 'Not paused: stop a wasmdbg session to see its stack chains.' }];
      return [{ kind: 'group', key: 'group:threads', group: 'threads' }, { kind: 'group', key: 'group:continuations', group: 'continuations' }];
    }
    switch (node.kind) {
      case 'group':
        if (!data) return [];
        if (node.group === 'threads') return this.paged(node.key, data.threads, (thread) => ({ kind: 'thread', key: `thread:${thread.id}`, thread }));
        return this.paged(node.key, data.continuations, (cont) => ({ kind: 'continuation', key: `cont:${cont.id}`, cont }), data.totalContinuations);
      case 'thread':
        return node.thread.segments.map((segment, index) => ({ kind: 'segment', key: `${node.key}/seg:${index}`, segment, index }));
      case 'segment':
        return this.frames(node.key, node.segment.frames);
      case 'continuation': {
        const c = node.cont;
        const sites: Node[] = [];
        sites.push({ kind: 'site', key: `${node.key}/created`, label: 'created at', site: c.created });
        if (c.lastSuspend) sites.push({ kind: 'site', key: `${node.key}/suspended`, label: `last ${c.lastSuspend.how} ${c.lastSuspend.tag} at`, site: c.lastSuspend });
        return [...sites, ...this.frames(node.key, c.frames)];
      }
      default:
        return [];
    }
  }

  private frames(parentKey: string, frames: readonly StackChainFrame[]): Node[] {
    return this.paged(parentKey, frames, (frame, i) => ({ kind: 'frame', key: `${parentKey}/f:${i}`, frame }));
  }

  private paged<T>(key: string, items: readonly T[], make: (item: T, index: number) => Node, total = items.length): Node[] {
    const { shown, remaining } = page(items, this.limitOf(key));
    const rows = shown.map(make);
    const rest = remaining + (total - items.length);
    if (rest > 0) rows.push({ kind: 'more', key: `${key}/more`, parentKey: key, remaining: rest });
    return rows;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const None = vscode.TreeItemCollapsibleState.None;
    const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    const Expanded = vscode.TreeItemCollapsibleState.Expanded;
    const data = this.source.data;
    let item: vscode.TreeItem;
    switch (node.kind) {
      case 'message':
        item = new vscode.TreeItem(node.text, None);
        break;
      case 'group': {
        const n = node.group === 'threads' ? data?.threads.length ?? 0 : data?.totalContinuations ?? 0;
        item = new vscode.TreeItem(countLabel(node.group === 'threads' ? 'Threads' : 'Continuations', n), n > 0 ? Expanded : None);
        if (node.group === 'continuations' && data) {
          // Counted over the continuations fetched so far: say so when that is only a prefix.
          const summary = stateSummary(data.continuations);
          item.description = data.continuations.length < data.totalContinuations ? `first ${data.continuations.length.toLocaleString('en-US')}: ${summary}` : summary;
        }
        break;
      }
      case 'thread': {
        const t = node.thread;
        item = new vscode.TreeItem(t.name, Expanded);
        item.description = `${t.state} · ${countLabel('segments', t.segments.length)}`;
        item.iconPath = new vscode.ThemeIcon(t.state === 'paused' ? 'debug-pause' : 'debug-stackframe');
        break;
      }
      case 'segment': {
        const s = node.segment;
        item = new vscode.TreeItem(`${segmentLabel(s)} (${s.frames.length})`, node.index === 0 ? Expanded : Collapsed);
        const tag = s.continuation !== undefined ? data?.continuations.find((c) => c.id === s.continuation)?.tag : undefined;
        item.description = segmentDescription(s, tag);
        item.tooltip = s.enteredBy ? `entered by ${s.enteredBy.how}${s.enteredBy.handlers.length ? ` with handlers ${handlersText(s.enteredBy.handlers)}` : ''}` : undefined;
        item.iconPath = new vscode.ThemeIcon(s.continuation !== undefined ? 'debug-step-into' : 'layers');
        break;
      }
      case 'frame': {
        const f = node.frame;
        item = new vscode.TreeItem(f.name, None);
        item.description = siteText(f);
        item.tooltip = `${f.name} · ${f.source ?? 'no source'}${f.line !== undefined ? `:${f.line}` : ''} · ${f.instructionPointerReference}`;
        item.iconPath = new vscode.ThemeIcon('debug-stackframe-dot');
        item.command = { command: 'wasmdbg.stackChains.reveal', title: 'Reveal Frame', arguments: [f] };
        break;
      }
      case 'continuation': {
        const c = node.cont;
        item = new vscode.TreeItem(`cont #${c.id}`, Collapsed);
        item.description = continuationDescription(c);
        const lines = [`state: ${c.state}`];
        lines.push(`created at ${siteText(c.created) ?? '?'}`);
        if (c.lastSuspend) lines.push(`last ${c.lastSuspend.how} ${c.lastSuspend.tag} at ${siteText(c.lastSuspend) ?? '?'}`);
        item.tooltip = lines.join('\n');
        item.iconPath = new vscode.ThemeIcon(c.state === 'suspended' ? 'debug-pause' : 'symbol-event');
        break;
      }
      case 'site': {
        item = new vscode.TreeItem(node.label, None);
        item.description = siteText(node.site);
        item.iconPath = new vscode.ThemeIcon('location');
        item.command = { command: 'wasmdbg.stackChains.reveal', title: 'Reveal', arguments: [node.site] };
        break;
      }
      case 'more':
        item = new vscode.TreeItem(`more… (${node.remaining.toLocaleString('en-US')} more)`, None);
        item.command = { command: 'wasmdbg.stackChains.more', title: 'Show More', arguments: [node] };
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        break;
    }
    item.id = node.key;
    item.contextValue = node.kind;
    return item;
  }
}

/**
 * Opens a frame's or site's source at its line. A place without source (a
 * .wasm without a line map) opens the Disassembly view, which the adapter
 * fills from the same module offsets.
 */
export async function revealSite(site: { readonly source?: string; readonly line?: number }): Promise<void> {
  if (!site.source) {
    await vscode.commands.executeCommand('debug.action.openDisassemblyView');
    return;
  }
  const line = Math.max(0, (site.line ?? 1) - 1);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(site.source));
  const range = doc.lineAt(Math.min(line, doc.lineCount - 1)).range;
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(range.start, range.start), preview: true });
}
