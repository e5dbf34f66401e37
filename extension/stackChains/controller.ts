// Keeps the Stack Chains view in step with the debugger: a DebugAdapterTracker
// sees every `stopped`, `continued`, `terminated` and `exited` event of a
// wasmdbg session; on a stop the view asks the adapter for the chains once
// (custom request `stackChains`) and shows them; on a resume it clears them,
// since every frame it showed belongs to the pause that just ended.

import * as vscode from 'vscode';
import { type StackChainsResponseBody, readStackChains } from './model.js';
import { type ChainsSource, StackChainsProvider, revealSite, type Node } from './view.js';
import { DEBUG_TYPE } from '../debug/activeFile.js';

/** Coalesces bursts of stops (all-stop: one per thread) into one request. */
const REFRESH_DELAY_MS = 50;

export class StackChainsController implements ChainsSource, vscode.DebugAdapterTrackerFactory {
  data: StackChainsResponseBody | undefined;
  sessionId: string | undefined;
  readonly provider: StackChainsProvider;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped on every stop or resume, so an answer that arrives late for an older pause is dropped. */
  private generation = 0;

  constructor(private readonly log: vscode.OutputChannel) {
    this.provider = new StackChainsProvider(this, () => vscode.workspace.getConfiguration('wasmdbg').get<number>('stackChains.pageSize', 200));
  }

  register(context: vscode.ExtensionContext): void {
    const view = vscode.window.createTreeView('wasmdbg.stackChains', { treeDataProvider: this.provider, showCollapseAll: true });
    context.subscriptions.push(
      view,
      vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, this),
      vscode.debug.onDidChangeActiveDebugSession((s) => this.scheduleRefresh(s)),
      vscode.debug.onDidTerminateDebugSession((s) => {
        if (s.id === this.sessionId) this.clear();
      }),
      vscode.commands.registerCommand('wasmdbg.stackChains.refresh', () => this.scheduleRefresh(vscode.debug.activeDebugSession)),
      vscode.commands.registerCommand('wasmdbg.stackChains.more', (node: Node) => this.provider.showMore(node)),
      vscode.commands.registerCommand('wasmdbg.stackChains.reveal', (site: Parameters<typeof revealSite>[0]) =>
        revealSite(site).catch((e: unknown) => void vscode.window.showWarningMessage(`wasmdbg: cannot open that source: ${String(e)}`))),
    );
  }

  createDebugAdapterTracker(session: vscode.DebugSession): vscode.DebugAdapterTracker {
    return {
      onDidSendMessage: (m: { type?: string; event?: string }) => {
        if (m.type !== 'event') return;
        if (m.event === 'stopped') this.scheduleRefresh(session);
        else if (m.event === 'continued' && session.id === this.sessionId) this.clear();
        else if ((m.event === 'terminated' || m.event === 'exited') && session.id === this.sessionId) this.clear();
      },
    };
  }

  private clear(): void {
    this.generation++;
    this.data = undefined;
    this.provider.refresh();
  }

  private scheduleRefresh(session: vscode.DebugSession | undefined): void {
    if (!session || session.type !== DEBUG_TYPE) return;
    const generation = ++this.generation;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.fetch(session, generation), REFRESH_DELAY_MS);
  }

  private async fetch(session: vscode.DebugSession, generation: number): Promise<void> {
    try {
      const body: unknown = await session.customRequest('stackChains', { maxContinuations: this.provider.firstPage() });
      if (generation !== this.generation) return;
      this.sessionId = session.id;
      this.data = readStackChains(body);
    } catch (e) {
      // Not paused (it resumed meanwhile) or an adapter without the request: show nothing rather than stale rows.
      if (generation !== this.generation) return;
      this.log.appendLine(`stackChains: ${e instanceof Error ? e.message : String(e)}`);
      this.data = undefined;
    }
    this.provider.refresh();
  }

  async loadMoreContinuations(upTo: number): Promise<void> {
    const data = this.data;
    const session = vscode.debug.activeDebugSession;
    if (!data || !session || session.id !== this.sessionId || data.continuations.length >= Math.min(upTo, data.totalContinuations)) return;
    const generation = this.generation;
    try {
      // The request answers a prefix of the continuations: ask for a longer one.
      const body: unknown = await session.customRequest('stackChains', { maxContinuations: upTo });
      if (generation !== this.generation || this.data !== data) return;
      this.data = readStackChains(body);
    } catch (e) {
      this.log.appendLine(`stackChains (more): ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
