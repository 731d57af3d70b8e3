import { describe, expect, it } from 'vitest';
import { loadDesiredState } from '../../src/desired/load.js';
import { readSnapshot } from '../../src/io/snapshot-file.js';
import type { Inventory } from '../../src/model/inventory.js';
import { asLogicalId } from '../../src/model/resource.js';
import { computeDrift } from '../../src/reconcile/diff/drift.js';
import { readLiveFor } from '../../src/reconcile/read-live.js';
import { renderDoctorHtml } from '../../src/render/doctor-html.js';
import { renderDriftHtml } from '../../src/render/drift-html.js';
import { renderInventoryHtml } from '../../src/render/inventory-html.js';
import { renderSnapshotHtml } from '../../src/render/snapshot-html.js';
import { runDoctor } from '../../src/doctor/run-doctor.js';
import { FIXTURE_DIR, withResource } from '../support/bash-dog-fixture.js';

const nodeIds = (html: string) => [...html.matchAll(/<g class="node [^"]*" data-id="([^"]+)"/g)].map((m) => m[1]);
const nodeState = (html: string, id: string) => new RegExp(`data-id="${id}" data-state="([^"]+)"`).exec(html)?.[1];

async function driftedExample() {
  const { state } = await loadDesiredState(`${FIXTURE_DIR}reclaim.yaml`);
  const live = await readLiveFor(state, { kind: 'snapshot', file: `${FIXTURE_DIR}drifted.json` });
  return { live, report: computeDrift(state, live) };
}

describe('HTML reports', () => {
  it('draws every resource of the drifted example as a node, coloured by its drift', async () => {
    const { live, report } = await driftedExample();
    const html = await renderDriftHtml(report, live);
    expect(nodeIds(html).sort()).toEqual(live.resources.map((resource) => resource.id).sort());
    expect(nodeState(html, 'EcsLogGroup')).toBe('modified');
    expect(nodeState(html, 'CanaryTargetGroup')).toBe('unmanaged');
    expect(nodeState(html, 'TaskDefinition2')).toBe('orphan');
    expect(nodeState(html, 'Cluster')).toBe('in-sync');
    expect(html).toContain('Drift: 4 modified, 0 missing, 1 unmanaged, 0 unknown.');
    // Self-contained: nothing is fetched at view time.
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
  });

  it('escapes every name and keeps the details out of reach of markup', async () => {
    const { live: snapshot } = await driftedExample();
    const hostile = withResource(snapshot, 'Cluster', (resource) => ({
      ...resource,
      id: asLogicalId('<img src=x onerror=alert(1)>'),
      properties: { ClusterName: '</script><script>alert(2)</script>' },
    }));
    const html = await renderSnapshotHtml(hostile);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('</script><script>alert(2)');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('marks a missing resource as a node of its own', async () => {
    const { state } = await loadDesiredState(`${FIXTURE_DIR}reclaim.yaml`);
    const full = await readSnapshot(`${FIXTURE_DIR}drifted.json`);
    const live = { ...full, resources: full.resources.filter((resource) => resource.id !== 'EcsEnvarsSecret') };
    const html = await renderDriftHtml(computeDrift(state, live), live);
    expect(nodeState(html, 'declared:EcsEnvarsSecret')).toBe('missing');
  });

  it('puts a doctor finding on its resource and a repository finding under the picture', async () => {
    const snapshot = await readSnapshot(`${FIXTURE_DIR}drifted.json`);
    const report = runDoctor({ snapshot });
    const html = await renderDoctorHtml(report, snapshot);
    expect(nodeIds(html)).toHaveLength(snapshot.resources.length);
    // The service has two hardening findings: a badge of 2 on its corner, and both in its panel.
    expect(html).toMatch(/data-id="Service"(?:(?!<\/g>)[^])*<text class="badge"[^>]*>2<\/text>/);
    expect(html).toMatch(/"Service":\{[^]*?RC015[^]*?RC015/);
  });

  it('draws an inventory: stacks, what they share, what no stack owns', async () => {
    const inventory: Inventory = {
      schemaVersion: 1,
      capturedAt: '2026-12-01T00:00:00.000Z',
      targets: [{ account: '123456789012', region: 'us-east-2' }],
      stacks: ['bash-dog', 'beagle'].map((name) => ({
        name,
        account: '123456789012',
        region: 'us-east-2',
        roots: [{ type: 'AWS::ECS::Cluster', physicalId: name }],
        resourceCounts: { 'AWS::ECS::Cluster': 1 },
        live: 1,
        orphan: 0,
        unknown: 0,
        cloudFormationStacks: [],
        reclaim: `reclaim import --stack ${name}`,
      })),
      shared: [
        {
          type: 'AWS::IAM::Role',
          physicalId: 'ecsTaskExecutionRole',
          account: '123456789012',
          region: 'us-east-2',
          usedBy: ['bash-dog', 'beagle'].map((stack) => ({
            stack,
            by: `task definition ${stack}:1`,
            via: 'ExecutionRoleArn',
          })),
        },
      ],
      unowned: [
        {
          type: 'AWS::S3::Bucket',
          physicalId: 'lost-bucket',
          account: '123456789012',
          region: 'us-east-2',
          why: 'no user found',
        },
      ],
      issues: [],
      stats: { apiCalls: 0, retries: 0, callsByOperation: {}, durationMs: 0 },
    };
    const html = await renderInventoryHtml(inventory);
    expect(nodeIds(html)).toHaveLength(4);
    expect(html.match(/<path class="edge"/g)).toHaveLength(2);
    expect(nodeState(html, 'unowned:0')).toBe('orphan');
  });
});
