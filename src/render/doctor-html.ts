import { describeLocation, SEVERITIES, type Finding } from '../doctor/finding.js';
import type { DoctorReport } from '../doctor/report.js';
import type { Snapshot } from '../model/snapshot.js';
import { renderDoctorText, describeChange } from './doctor-text.js';
import { layoutGraph, type DetailSection } from './html/graph-layout.js';
import { renderPage } from './html/page.js';
import {
  referenceSection,
  resourceNode,
  resourceSections,
  resourceState,
  snapshotEdges,
} from './html/resource-nodes.js';

function findingSection(finding: Finding): DetailSection {
  const change = describeChange(finding);
  return {
    title: `${finding.code} ${finding.severity}: ${finding.check}`,
    rows: [
      ['what', finding.what],
      ...(finding.location.kind === 'resource' && finding.location.property
        ? [['property', finding.location.property] as const]
        : []),
      ['why', finding.why],
      ['fix', finding.fix.text],
      ...(finding.fix.command ? [['command', finding.fix.command] as const] : []),
      ...(change ? [['reclaim.yaml', change] as const] : []),
    ],
  };
}

/**
 * `reclaim doctor --format html`: the stack checked, each resource's node
 * carrying a count of its findings and opening them; findings about the
 * repository's files are listed under the picture.
 */
export async function renderDoctorHtml(report: DoctorReport, snapshot?: Snapshot): Promise<string> {
  const byResource = new Map<string, Finding[]>();
  const fileFindings: Finding[] = [];
  for (const finding of report.findings) {
    if (finding.location.kind === 'resource') {
      const id = finding.location.logicalId;
      byResource.set(id, [...(byResource.get(id) ?? []), finding]);
    } else fileFindings.push(finding);
  }
  const nodes = (snapshot?.resources ?? []).map((resource) => {
    const findings = byResource.get(resource.id) ?? [];
    const gravest = SEVERITIES.find((severity) => findings.some((finding) => finding.severity === severity));
    return resourceNode(
      resource,
      resourceState(resource),
      [
        ...(findings.length > 0
          ? findings.map(findingSection)
          : [{ title: 'No findings', rows: [['', 'No check found anything here.']] as const }]),
        ...resourceSections(resource, { properties: false }),
        ...referenceSection(snapshot!, resource.id),
      ],
      findings.length > 0 && gravest ? { badge: findings.length, badgeSeverity: gravest } : {},
    );
  });
  const layout = await layoutGraph(nodes, snapshot ? snapshotEdges(snapshot) : []);
  const extra: DetailSection[] = [];
  if (fileFindings.length > 0)
    extra.push({
      title: 'Repository findings',
      rows: fileFindings.map((finding) => [
        `${finding.code} ${finding.severity} ${describeLocation(finding.location)}`,
        `${finding.what}\nwhy: ${finding.why}\nfix: ${finding.fix.text}`,
      ]),
    });
  if (report.unreadable.length > 0)
    extra.push({
      title: 'Could not be read',
      rows: report.unreadable.map((issue) => [issue.operation, `${issue.code}: ${issue.message}`]),
    });
  const subject = [report.stack?.name, report.repo].filter((part) => part !== undefined).join(', ');
  return renderPage({
    title: `reclaim doctor: ${subject}`,
    summary: renderDoctorText(report).split('\n').at(-1)!,
    ...(report.stack
      ? { note: `Live read ${report.stack.capturedAt} (${report.stack.account} / ${report.stack.region}).` }
      : {}),
    layout,
    legendLabels: { 'in-sync': 'read' },
    extra,
  });
}
