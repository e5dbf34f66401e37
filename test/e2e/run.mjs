// End-to-end test of the extension in a real VS Code: code-server (VS Code's
// workbench served to a browser) driven through Debian's Chromium with
// playwright-core. Needs `bash test/e2e/setup.sh` first (see
// ../shared/notes/vscode-e2e.md for why this route and its pitfalls).
//
//   node test/e2e/run.mjs [--keep] [--skip-debugger]
//
// It packages the .vsix, installs it into a fresh code-server with its own
// folders and settings, opens a throwaway copy of test/e2e/workspace/, and
// checks what a user sees: WAT colouring, a language-server diagnostic, and
// a debug session of demo.wat (both threads in CALL STACK, the worker stopped
// at its breakpoint, a label row between a continuation's frames and its
// resumer's, the suspended continuation in the Stack Chains view).
// Screenshots go to .test-artifacts/e2e/. Ends with "N passed, N failed".

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = join(ROOT, '.test-artifacts/e2e');
const CACHE = process.env.WASMDBG_E2E_CACHE ?? join(homedir(), '.cache/wasmdbg-e2e');
const KEEP = process.argv.includes('--keep');
const SKIP_DEBUGGER = process.argv.includes('--skip-debugger');
/** The whole run, setup excluded; CI's budget is far larger, but a hang must end as a failure. */
const OVERALL_TIMEOUT_MS = 8 * 60_000;

const started = Date.now();
const log = (msg) => console.log(`e2e [${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const results = [];
let page;
let serverPid;
let browser;
let tmp;

function check(name, ok, detail = '') {
  results.push({ name, ok });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
  return ok;
}

/** Polls `fn` until it returns a truthy value or `ms` pass; returns the last value. */
async function until(fn, ms, every = 250) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try { last = await fn(); } catch (e) { last = undefined; if (Date.now() > end) throw e; }
    if (last || Date.now() > end) return last;
    await sleep(every);
  }
}

async function shot(name) {
  if (!page) return undefined;
  const file = join(ARTIFACTS, `${name}.png`);
  try { await page.screenshot({ path: file }); } catch (e) { log(`screenshot ${name} failed: ${e.message}`); }
  return file;
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => res(port)); });
  });
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function stopServer() {
  if (serverPid === undefined) return;
  // code-server forks its extension host and more: end the whole process group.
  try { process.kill(-serverPid, 'SIGTERM'); } catch { /* already gone */ }
  const pid = serverPid;
  serverPid = undefined;
  setTimeout(() => { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }, 2000).unref();
}

async function cleanup() {
  try { await browser?.close(); } catch { /* closing anyway */ }
  stopServer();
  if (tmp && !KEEP) rmSync(tmp, { recursive: true, force: true });
}

/** The remote extension host's log, where "Eager extensions activated" says F5 will be heard. */
function extHostLog(userData) {
  const logs = join(userData, 'logs');
  if (!existsSync(logs)) return '';
  let text = '';
  const walk = (dir) => {
    for (const name of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, name.name);
      if (name.isDirectory()) walk(p);
      else if (name.name === 'remoteexthost.log' || name.name === 'exthost.log') text += readFileSync(p, 'utf8');
    }
  };
  walk(logs);
  return text;
}

async function palette(title) {
  // Pick the exact row by its label: typing and pressing Enter once ran a fuzzy match instead.
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  const row = page.locator(`.quick-input-list .monaco-list-row[aria-label*="${title}"]`).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
}

async function openFile(name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(name);
  const row = page.locator(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
  await page.locator(`.tab[aria-label^="${name}"]`).first().waitFor({ state: 'visible', timeout: 10_000 });
  await page.locator('.monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 10_000 });
}

async function goToLine(line) {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}`);
  await sleep(200);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 10_000 });
}

async function callStackRows() {
  return page.locator('.debug-call-stack .monaco-list-row').evaluateAll((rows) =>
    rows.map((r) => ({ aria: r.getAttribute('aria-label') ?? '', text: r.textContent ?? '', cls: r.className, expanded: r.getAttribute('aria-expanded') })));
}

async function expandThreads() {
  // Thread rows may come collapsed; open each with its twistie.
  const collapsed = page.locator('.debug-call-stack .monaco-list-row[aria-expanded="false"] .monaco-tl-twistie');
  const n = await collapsed.count();
  for (let i = 0; i < n; i++) {
    try { await collapsed.first().click({ timeout: 2000 }); await sleep(300); } catch { /* re-rendered */ }
  }
}

async function stackChainsRows() {
  const pane = page.locator('.pane:has(.pane-header[aria-label*="Stack Chains"])').first();
  const header = pane.locator('.pane-header').first();
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  // Rows outside the pane's visible part are not rendered: fold the Threads group so Continuations show.
  const threads = pane.locator('.monaco-list-row[aria-expanded="true"]', { hasText: /^Threads \(/ }).first();
  if (await threads.count()) { await threads.click(); await sleep(300); }
  return pane.locator('.monaco-list-row').evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
}

/** Expands the suspended continuation and clicks its "last suspend" row; returns the editor's cursor position text. */
async function revealFromStackChains() {
  const pane = page.locator('.pane:has(.pane-header[aria-label*="Stack Chains"])').first();
  try {
    const cont = pane.locator('.monaco-list-row', { hasText: /cont #\d+.*suspended/ }).first();
    if ((await cont.getAttribute('aria-expanded')) === 'false') await cont.click();
    const site = pane.locator('.monaco-list-row', { hasText: /^last suspend/ }).first();
    await site.waitFor({ state: 'visible', timeout: 5_000 });
    await site.click();
    return await until(async () => {
      const t = await page.locator('#status\\.editor\\.selection').textContent();
      return /Ln 39\b/.test(t ?? '') ? t : undefined;
    }, 5_000) ?? (await page.locator('#status\\.editor\\.selection').textContent()) ?? '';
  } catch (e) {
    return `failed: ${e.message.split('\n')[0]}`;
  }
}

async function main() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const envFile = join(CACHE, 'env.json');
  if (!existsSync(envFile)) throw new Error(`no code-server install at ${CACHE}: run \`bash test/e2e/setup.sh\` first`);
  const env = JSON.parse(readFileSync(envFile, 'utf8'));

  tmp = mkdtempSync(join(tmpdir(), 'wasmdbg-e2e-'));
  const userData = join(tmp, 'user-data');
  const extensions = join(tmp, 'extensions');
  const ws = join(tmp, 'workspace');
  cpSync(join(ROOT, 'test/e2e/workspace'), ws, { recursive: true });
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User/settings.json'), JSON.stringify({
    'telemetry.telemetryLevel': 'off',
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'files.autoSave': 'off',
    'chat.disableAIFeatures': true,
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'editor.minimap.enabled': false,
    'workbench.editor.enablePreview': false,
    'debug.openDebug': 'openOnDebugBreak',
    'wasmdbg.adapter.mode': process.env.WASMDBG_ADAPTER_MODE ?? 'inline',
  }, null, 2));

  log('packaging the extension');
  run('npm', ['run', '--silent', 'build']);
  const vsix = join(tmp, 'wasmdbg.vsix');
  run(join(ROOT, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--out', vsix]);

  const xdg = { XDG_CONFIG_HOME: join(tmp, 'xdg-config'), XDG_DATA_HOME: join(tmp, 'xdg-data'), XDG_CACHE_HOME: join(tmp, 'xdg-cache') };
  const csEnv = { ...process.env, ...xdg, PATH: `${dirname(env.node)}:${process.env.PATH}` };
  const dirs = ['--user-data-dir', userData, '--extensions-dir', extensions];
  log('installing the .vsix into code-server');
  run(env.node, [env.codeServer, ...dirs, '--install-extension', vsix], { env: csEnv });

  const port = await freePort();
  const config = join(tmp, 'code-server.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  log(`starting code-server on 127.0.0.1:${port}`);
  const server = spawn(env.node, [env.codeServer, '--config', config, ...dirs,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--ignore-last-opened', '--reconnection-grace-time', '5'],
  { env: csEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  serverPid = server.pid;
  let serverOut = '';
  server.stdout.on('data', (d) => { serverOut += d; });
  server.stderr.on('data', (d) => { serverOut += d; });
  const healthy = await until(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 60_000, 500);
  if (!healthy) throw new Error(`code-server did not answer /healthz within 60 s:\n${serverOut.slice(-3000)}`);

  browser = await chromium.launchPersistentContext(join(tmp, 'chromium'), {
    executablePath: env.chromium, headless: true, viewport: { width: 1600, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = browser.pages()[0] ?? await browser.newPage();
  log('opening the workbench');
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });

  const activated = await until(() => extHostLog(userData).includes('Eager extensions activated'), 90_000, 500);
  if (!check('extension host started', !!activated, activated ? '' : `no "Eager extensions activated" in ${userData}/logs`)) return;
  await sleep(1000);

  // --- Language support -----------------------------------------------------
  await openFile('demo.wat');
  const colours = await until(async () => {
    // Distinct colour classes (mtkN) in the visible lines: keywords, types, names, numbers, comments differ.
    const classes = await page.locator('.monaco-editor .view-lines span span').evaluateAll((els) =>
      [...new Set(els.flatMap((e) => [...e.classList].filter((c) => /^mtk\d+$/.test(c))))]);
    return classes.length >= 4 ? classes : undefined;
  }, 30_000);
  check('WAT syntax colouring (distinct token classes in demo.wat)', !!colours, colours ? colours.slice(0, 6).join(' ') : 'at most 3 token classes: the grammar did not apply');
  await shot('01-demo-wat');

  await openFile('broken.wat');
  const squiggle = await until(async () => (await page.locator('.monaco-editor .squiggly-error').count()) > 0, 45_000, 500);
  let problem = '';
  if (squiggle) {
    await page.keyboard.press('Control+Shift+M');
    problem = await until(async () => {
      const rows = await page.locator('.markers-panel .monaco-list-row').evaluateAll((rs) => rs.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''));
      return rows.find((r) => /nope/.test(r));
    }, 15_000) ?? '';
  }
  check('language-server diagnostic on the broken line', !!squiggle && /nope/.test(problem), problem || 'no error squiggle / no problem naming $nope');
  await shot('02-diagnostic');

  if (SKIP_DEBUGGER) return;

  // --- Debugger -------------------------------------------------------------
  await openFile('demo.wat');
  let set = 0;
  // 71: the worker's read of a published value; 33: $square, inside the generator continuation;
  // 54: $produce just after a resume returned, the generator suspended.
  const lines = [71, 33, 54];
  for (const line of lines) {
    await goToLine(line);
    await page.keyboard.press('F9');
    // The editor renders only visible lines; the cursor's line is one of them.
    const shown = await until(async () => page.locator(`.monaco-editor .margin-view-overlays > div:has(.line-numbers:text-is("${line}")) .codicon-debug-breakpoint, .monaco-editor .glyph-margin-widgets .codicon-debug-breakpoint`).count(), 5_000);
    if (shown) set++;
  }
  check(`${lines.length} breakpoints set in demo.wat`, set === lines.length, `${set} of ${lines.length} shown in the glyph margin`);

  await page.keyboard.press('Control+Shift+D');
  let toolbar = false;
  for (let attempt = 1; attempt <= 3 && !toolbar; attempt++) {
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('F5');
    toolbar = !!(await until(async () => page.locator('.debug-toolbar').isVisible(), 20_000, 500));
    if (!toolbar) log(`F5 attempt ${attempt}: no debug toolbar yet`);
  }
  if (!check('F5 starts a wasmdbg session (debug toolbar)', toolbar)) { await shot('03-no-session'); return; }

  // Step through stops until each thing to see has been seen (the scheduler's order is fixed by the seed).
  const seen = { twoThreads: false, workerAtBreakpoint: false, labelRow: false, suspendedInView: false };
  const evidence = {};
  let revealed = '';
  for (let stop = 1; stop <= 12 && !Object.values(seen).every(Boolean); stop++) {
    const paused = await until(async () => (await callStackRows()).some((r) => /^Stack Frame/.test(r.aria)), 30_000, 500);
    if (!paused) { log(`stop ${stop}: nothing paused`); break; }
    await sleep(800);
    await expandThreads();
    await sleep(500);
    const rows = await callStackRows();
    const threads = rows.filter((r) => /^Thread /.test(r.aria));
    if (threads.length >= 2) { seen.twoThreads = true; evidence.twoThreads = threads.map((t) => t.aria).join(' | '); }
    // The worker (thread 2, not "main") paused on a breakpoint, with $sum_values on top at demo.wat:71.
    const worker = rows.findIndex((r) => /^Thread /.test(r.aria) && !/^Thread main\b/.test(r.aria) && /breakpoint/i.test(r.aria));
    if (worker >= 0 && rows.slice(worker + 1, worker + 3).some((r) => /sum_values.*line 71/.test(r.aria))) {
      seen.workerAtBreakpoint = true; evidence.workerAtBreakpoint = `${rows[worker].aria} → ${rows[worker + 1].aria}`;
      await shot('03-worker-breakpoint');
    }
    const label = rows.find((r) => /label/.test(r.cls) || /resumed by|switched|handler/i.test(r.aria + r.text));
    if (label) { seen.labelRow = true; evidence.labelRow = (label.aria || label.text).trim(); await shot('04-continuation-label'); }
    const chainRows = await until(async () => { const r = await stackChainsRows(); return r.some((t) => /cont #/.test(t)) ? r : undefined; }, 5_000) ?? [];
    const suspended = chainRows.find((t) => /cont #\d+.*suspended/.test(t));
    if (suspended && !seen.suspendedInView) {
      seen.suspendedInView = true; evidence.suspendedInView = suspended.trim();
      revealed = await revealFromStackChains();
      await shot('05-stack-chains');
    }
    log(`stop ${stop}: seen ${JSON.stringify(seen)}\n    ${rows.map((r) => r.aria || r.text).join('\n    ')}`);
    if (!Object.values(seen).every(Boolean)) {
      await page.keyboard.press('F5');
      await sleep(1000);
    }
  }
  check('CALL STACK shows both threads', seen.twoThreads, evidence.twoThreads ?? '');
  check('the spawned thread stopped at its breakpoint (demo.wat:71)', seen.workerAtBreakpoint, evidence.workerAtBreakpoint ?? '');
  check('a label row separates a continuation from its resumer', seen.labelRow, evidence.labelRow ?? '');
  check('Stack Chains view lists the suspended continuation', seen.suspendedInView, evidence.suspendedInView ?? '');
  check('clicking its last suspend site in Stack Chains opens demo.wat:39', /Ln 39\b/.test(revealed), revealed);
  await shot('06-final');

  // Run Without Debugging from the command: the program's output in the Debug Console, no stop.
  await page.keyboard.press('Shift+F5');
  await until(async () => !(await page.locator('.debug-toolbar').isVisible()), 15_000, 500);
  await openFile('demo.wat');
  await palette('Run WebAssembly File');
  const console_ = page.locator('.repl .monaco-list-row');
  const output = await until(async () => {
    const text = (await console_.evaluateAll((rows) => rows.map((r) => r.textContent ?? ''))).join('\n');
    return /worker: sum = 204/.test(text) && /main: squares produced = 8/.test(text) ? text : undefined;
  }, 30_000, 500);
  const stoppedInRun = await page.locator('.debug-call-stack .monaco-list-row[aria-label^="Stack Frame"]').count();
  check('Run WebAssembly File runs to the end with output in the Debug Console', !!output && stoppedInRun === 0,
    output ? (stoppedInRun ? 'but it stopped at a breakpoint' : '') : 'no "worker: sum = 204" in the Debug Console');
  await shot('07-run-file');
  const readmeShot = ['05-stack-chains', '04-continuation-label', '03-worker-breakpoint'].map((n) => join(ARTIFACTS, `${n}.png`)).find(existsSync);
  if (readmeShot && process.env.WASMDBG_E2E_UPDATE_SCREENSHOT) copyFileSync(readmeShot, join(ROOT, 'images/screenshot.png'));
}

const watchdog = setTimeout(async () => {
  console.error(`e2e: gave up after ${OVERALL_TIMEOUT_MS / 60_000} minutes`);
  await shot('timeout');
  check('finished in time', false);
  await cleanup();
  process.exit(1);
}, OVERALL_TIMEOUT_MS);

try {
  await main();
} catch (e) {
  check('no unexpected error', false, e instanceof Error ? e.message : String(e));
  await shot('error');
} finally {
  clearTimeout(watchdog);
  await cleanup();
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`e2e: screenshots in ${ARTIFACTS}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
