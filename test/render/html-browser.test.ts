import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Drift from '../../src/commands/drift.js';
import { readSnapshot } from '../../src/io/snapshot-file.js';
import { FIXTURE_DIR } from '../support/bash-dog-fixture.js';
import { runCommand } from '../support/run-command.js';

// Debian's chromium (`.ci/run` installs it when missing), driven by playwright-core: no browser download.
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = new URL('../../docs/drift-report.png', import.meta.url);

describe.skipIf(!existsSync(CHROMIUM))('the drift report in a browser', () => {
  let browser: Browser;
  let dir: string;
  let page: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reclaim-html-'));
    page = join(dir, 'drift.html');
    // Given the README's first command, as an HTML page
    const result = await runCommand(Drift, [
      '--desired',
      `${FIXTURE_DIR}reclaim.yaml`,
      '--snapshot',
      `${FIXTURE_DIR}drifted.json`,
      '--format',
      'html',
      '--out',
      page,
    ]);
    expect(result.exitCode).toBe(2);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows a node for every resource, and a modified node opens its property path', async () => {
    const tab = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    const requests: string[] = [];
    tab.on('request', (request) => requests.push(request.url()));
    await tab.goto(pathToFileURL(page).href);

    const snapshot = await readSnapshot(`${FIXTURE_DIR}drifted.json`);
    const ids = await tab.$$eval('g.node', (nodes) => nodes.map((node) => node.getAttribute('data-id')));
    expect(ids.sort()).toEqual(snapshot.resources.map((resource) => resource.id).sort());
    expect(await tab.textContent('#summary')).toContain('4 modified');

    // When the modified log group is clicked
    await tab.click('g.node[data-id="EcsLogGroup"]');
    // Then the panel names the property and both values
    const details = await tab.textContent('#details');
    expect(details).toContain('RetentionInDays');
    expect(details).toMatch(/declared: 30\s*live: 90/);
    expect(await tab.getAttribute('g.node[data-id="EcsLogGroup"]', 'data-state')).toBe('modified');
    // Nothing but the page itself was loaded
    expect(requests).toEqual([pathToFileURL(page).href]);

    if (process.env.RECLAIM_UPDATE_SCREENSHOT === '1') {
      await tab.setViewportSize({ width: 2400, height: 640 });
      await tab.click('g.node[data-id="ServiceSgSecurityGroup"]');
      await tab.screenshot({ path: SCREENSHOT.pathname, fullPage: true });
    }
    await tab.close();
  }, 60_000);
});
