import { resourceSpec } from '../spec/cfn-spec.js';
import {
  EVALUATED,
  functionByKey,
  getAttParts,
  INTRINSIC_FUNCTIONS,
  intrinsicCall,
  subParts,
} from './intrinsic-functions.js';
import { subPlaceholders } from './intrinsics.js';
import { closest, type PathProblem } from './problems.js';
import type { DesiredState } from './types.js';

type Path = readonly (string | number)[];

/**
 * Checks every intrinsic function in the file's properties, long or short
 * form alike: only `Ref`, `Fn::GetAtt` and `Fn::Sub` are accepted, each in a
 * form CloudFormation accepts, and every attribute `Fn::GetAtt` (or a Sub
 * placeholder) asks for is one the target's type has in the CloudFormation
 * spec. A function reclaim does not evaluate gets one problem saying so; what
 * it holds is not checked further, so the same node gets no second, confusing
 * type error. Whether a reference names a declared resource is `checkGraph`'s
 * part. Runs on the file as written, before `normalizeIntrinsics`.
 */
export function checkIntrinsics(state: DesiredState): PathProblem[] {
  return Object.entries(state.resources).flatMap(([id, resource]) =>
    new IntrinsicChecker(state, id).value(resource.properties ?? {}, ['resources', id, 'properties']),
  );
}

class IntrinsicChecker {
  private readonly problems: PathProblem[] = [];

  constructor(
    private readonly state: DesiredState,
    private readonly id: string,
  ) {}

  value(value: unknown, path: Path): PathProblem[] {
    const call = intrinsicCall(value);
    if (call) this.call(call.key, call.argument, path);
    else if (Array.isArray(value)) value.forEach((item, index) => this.value(item, [...path, index]));
    else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) this.value(item, [...path, key]);
    }
    return this.problems;
  }

  private problem(path: Path, message: string, fix: string): void {
    this.problems.push({ severity: 'error', path, message: `${this.id}: ${message}`, fix });
  }

  private call(key: string, argument: unknown, path: Path): void {
    switch (key) {
      case 'Ref':
        if (typeof argument !== 'string' || argument === '') {
          this.problem(path, 'Ref takes the name of one resource or pseudo parameter', 'write !Ref Name');
        }
        return;
      case 'Fn::GetAtt':
        return this.getAtt(argument, path);
      case 'Fn::Sub':
        return this.sub(argument, path);
      default:
        return this.notEvaluated(key, path);
    }
  }

  private getAtt(argument: unknown, path: Path): void {
    const parts = getAttParts(argument);
    if (!parts) {
      const first: unknown =
        typeof argument === 'string' ? argument : Array.isArray(argument) ? argument[0] : undefined;
      const target = typeof first === 'string' && first !== '' ? first : undefined;
      const attributes = target ? this.attributesOf(target) : undefined;
      const name = target ?? 'Name';
      this.problem(
        path,
        `Fn::GetAtt takes a logical id and an attribute (!GetAtt ${name}.Attribute), got ${describeGetAtt(argument)}`,
        attributes?.length
          ? `write !GetAtt ${name}.${attributes[0]} (the attributes of ${name}: ${attributes.join(', ')})`
          : attributes
            ? `${name} has no attributes to get; write !Ref ${name} instead`
            : `write !GetAtt ${name}.Attribute`,
      );
      return;
    }
    this.attribute(parts.target, parts.attribute, path);
  }

  private sub(argument: unknown, path: Path): void {
    const parts = subParts(argument);
    if (!parts) {
      this.problem(
        path,
        'Fn::Sub takes a template string, or a list of a template string and a mapping of variables',
        "write !Sub 'text ${Name}', or !Sub ['text ${Var}', { Var: !Ref Name }]",
      );
      return;
    }
    for (const placeholder of subPlaceholders(parts.template)) {
      if (Object.hasOwn(parts.variables, placeholder.target) || placeholder.attribute === undefined) continue;
      this.attribute(placeholder.target, placeholder.attribute, path);
    }
    for (const [name, variable] of Object.entries(parts.variables)) {
      const at = [...path, 'Fn::Sub', 1, name];
      const call = intrinsicCall(variable);
      if (call && (call.key === 'Ref' || call.key === 'Fn::GetAtt')) this.call(call.key, call.argument, at);
      else if (call) this.notEvaluated(call.key, at);
      else if (variable !== null && typeof variable === 'object') {
        this.problem(
          at,
          `the Sub variable ${name} is ${Array.isArray(variable) ? 'a list' : 'a mapping'}`,
          'give the variable a literal value, a !Ref or a !GetAtt',
        );
      }
    }
  }

  private notEvaluated(key: string, path: Path): void {
    const known = functionByKey(key);
    if (known?.instead) {
      this.problem(
        path,
        `reclaim does not evaluate ${key} (${known.tag}); it evaluates only ${EVALUATED}`,
        known.instead,
      );
      return;
    }
    const suggestion = closest(
      key,
      INTRINSIC_FUNCTIONS.map((entry) => entry.key),
    );
    this.problem(
      path,
      `${key} is not a CloudFormation intrinsic function`,
      suggestion ? `did you mean ${suggestion}?` : `use ${EVALUATED}, or write the value as a literal`,
    );
  }

  /** The attribute must be one the target's type has; an undeclared target is `checkGraph`'s to report. */
  private attribute(target: string, attribute: string, path: Path): void {
    const attributes = this.attributesOf(target);
    if (!attributes || attributes.includes(attribute)) return;
    const type = this.state.resources[target]!.type;
    const suggestion = closest(attribute, attributes);
    this.problem(
      path,
      `${target} (${type}) has no attribute "${attribute}"`,
      suggestion
        ? `did you mean ${target}.${suggestion}?`
        : attributes.length > 0
          ? `use one of its attributes: ${attributes.join(', ')}`
          : `${type} has no attributes to get; write !Ref ${target} instead`,
    );
  }

  /** The attributes of a declared resource's type, per the CloudFormation spec; undefined when unknown. */
  private attributesOf(target: string): readonly string[] | undefined {
    const resource = Object.hasOwn(this.state.resources, target) ? this.state.resources[target] : undefined;
    return resource ? resourceSpec(resource.type)?.attributes : undefined;
  }
}

function describeGetAtt(argument: unknown): string {
  if (typeof argument === 'string') return argument === '' ? 'nothing' : `"${argument}" with no attribute`;
  if (Array.isArray(argument)) return `a list of ${argument.length} item${argument.length === 1 ? '' : 's'}`;
  return argument === null || argument === undefined
    ? 'nothing'
    : `a ${typeof argument === 'object' ? 'mapping' : typeof argument}`;
}
