/**
 * Lays out a report's graph left to right along the delivery flow (source →
 * build → deploy → service → load balancer → DNS) with ELK's layered
 * algorithm, run here in Node at render time, so the page is static SVG.
 * Each type sits in the column of its stage (ELK partitions); references are
 * drawn as ELK routes them. No layout is computed by hand.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';

/** How a node stands: the report's verdict on it, which colours it. */
export type NodeState = 'in-sync' | 'modified' | 'missing' | 'unmanaged' | 'unknown' | 'orphan' | 'external';

export const NODE_STATES: readonly { readonly state: NodeState; readonly label: string }[] = [
  { state: 'in-sync', label: 'in sync' },
  { state: 'modified', label: 'modified' },
  { state: 'missing', label: 'missing' },
  { state: 'unmanaged', label: 'unmanaged' },
  { state: 'unknown', label: 'unknown' },
  { state: 'orphan', label: 'orphan' },
  { state: 'external', label: 'external' },
];

/** A titled block of the details panel: `rows` are label/value pairs, shown as text (never as markup). */
export interface DetailSection {
  readonly title: string;
  readonly rows: readonly (readonly [string, string])[];
}

export interface GraphNode {
  readonly id: string;
  readonly label: string;
  /** The second line: the type's short name, or what the node stands for. */
  readonly sublabel: string;
  /** Column: 0 source, 1 pipeline, 2 build, 3 deploy, 4 service, 5 load balancer, 6 DNS. */
  readonly stage: number;
  readonly state: NodeState;
  readonly details: readonly DetailSection[];
  /** A count drawn on the node's corner (doctor: its findings), coloured by `badgeSeverity`. */
  readonly badge?: number;
  readonly badgeSeverity?: 'error' | 'warning' | 'hardening';
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

export interface PlacedNode extends GraphNode {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedEdge extends GraphEdge {
  /** The route, first point at `from`. */
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
}

const STAGE_BY_TYPE: Readonly<Record<string, number>> = {
  'AWS::CodeStarConnections::Connection': 0,
  'AWS::CodePipeline::Pipeline': 1,
  'AWS::S3::Bucket': 1,
  'AWS::CodeBuild::Project': 2,
  'AWS::ECR::Repository': 2,
  'AWS::IAM::Role': 2,
  'AWS::Logs::LogGroup': 3,
  'AWS::CodeDeploy::Application': 3,
  'AWS::CodeDeploy::DeploymentGroup': 3,
  'AWS::ECS::TaskDefinition': 3,
  'AWS::SecretsManager::Secret': 3,
  'AWS::ECS::Cluster': 4,
  'AWS::ECS::Service': 4,
  'AWS::CloudFormation::Stack': 4,
  'AWS::EC2::SecurityGroup': 4,
  'AWS::EC2::Subnet': 5,
  'AWS::EC2::VPC': 5,
  'AWS::ElasticLoadBalancingV2::TargetGroup': 5,
  'AWS::ElasticLoadBalancingV2::Listener': 5,
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 5,
  'AWS::CertificateManager::Certificate': 5,
};

/** The delivery-flow column of a resource type; DNS (and any type this table does not know) comes last. */
export function stageOf(type: string): number {
  return STAGE_BY_TYPE[type] ?? 6;
}

const NODE_HEIGHT = 44;
const CHAR_WIDTH = 7.2;

function widthOf(node: GraphNode): number {
  return Math.ceil(Math.max(node.label.length, node.sublabel.length) * CHAR_WIDTH + 24);
}

/** Places the nodes and routes the edges. Edges whose ends are not both nodes are dropped. */
export async function layoutGraph(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): Promise<GraphLayout> {
  // The browserify bundle runs ELK in-process (no worker), and loads only when a page is rendered.
  // A CommonJS module: Node's ESM loader gives module.exports as `default`, whose own `default` is ELK.
  const ELK = (await import('elkjs/lib/elk.bundled.js')).default.default;
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const kept = edges.filter((edge) => byId.has(edge.from) && byId.has(edge.to) && edge.from !== edge.to);
  const elkEdges: ElkExtendedEdge[] = kept.map((edge, index) => {
    // References point either way along the flow (a listener names its target group); ELK lays out
    // along the flow when each edge runs from the earlier column to the later one.
    const forward = byId.get(edge.from)!.stage <= byId.get(edge.to)!.stage;
    return { id: `e${index}`, sources: [forward ? edge.from : edge.to], targets: [forward ? edge.to : edge.from] };
  });
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.partitioning.activate': 'true',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.spacing.nodeNode': '18',
      'elk.layered.spacing.nodeNodeBetweenLayers': '56',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
    },
    children: nodes.map((node) => ({
      id: node.id,
      width: widthOf(node),
      height: NODE_HEIGHT,
      layoutOptions: { 'elk.partitioning.partition': String(node.stage) },
    })),
    edges: elkEdges,
  };
  const laid = await new ELK().layout(graph);
  const placed = new Map((laid.children ?? []).map((child) => [child.id, child]));
  const routes = new Map((laid.edges ?? []).map((edge) => [edge.id, edge]));
  return {
    width: Math.ceil(laid.width ?? 0),
    height: Math.ceil(laid.height ?? 0),
    nodes: nodes.map((node) => {
      const box = placed.get(node.id)!;
      return { ...node, x: box.x ?? 0, y: box.y ?? 0, width: box.width ?? 0, height: box.height ?? 0 };
    }),
    edges: kept.map((edge, index) => {
      const route = routes.get(`e${index}`)!;
      const points = (route.sections ?? []).flatMap((section) => [
        section.startPoint,
        ...(section.bendPoints ?? []),
        section.endPoint,
      ]);
      const forward = route.sources[0] === edge.from;
      return { ...edge, points: forward ? points : points.reverse() };
    }),
  };
}
