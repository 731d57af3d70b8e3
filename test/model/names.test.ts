import { describe, expect, it } from 'vitest';
import { NameMatcher, splitWords, tokenize } from '../../src/model/names.js';

describe('splitWords', () => {
  it('splits on separators and camelCase, keeping acronyms whole', () => {
    expect(splitWords('bashDogExecutionRoleForECS')).toEqual(['bash', 'Dog', 'Execution', 'Role', 'For', 'ECS']);
    expect(splitWords('AppECS-bash-dog-bash-dog')).toEqual(['App', 'ECS', 'bash', 'dog', 'bash', 'dog']);
    expect(splitWords('/aws/codebuild/bash-dog')).toEqual(['aws', 'codebuild', 'bash', 'dog']);
    expect(splitWords('ECS-Console-V2-Service-bash-dog-1a2b3c')).toEqual([
      'ECS',
      'Console',
      'V',
      '2',
      'Service',
      'bash',
      'dog',
      '1a',
      '2b',
      '3c',
    ]);
  });
});

describe('NameMatcher', () => {
  const matcher = new NameMatcher('bash-dog');

  it.each([
    'bash-dog',
    'bashDogExecutionRoleForECS',
    'AppECS-bash-dog-bash-dog',
    'ECS-Console-V2-Service-bash-dog-bash-dog-0a1b2c3d',
    'Infra-ECS-Cluster-bash-dog-8f7e6d5c',
    'codebuild-bash-dog-build-project-service-role',
    'bash_dog/ecs-envars',
    '/ecs/bash-dog',
  ])('matches %s', (name) => expect(matcher.matches(name)).toBe(true));

  it.each(['bash-doghouse', 'bashdog', 'dog-bash', 'bash', 'ECS-Console-V2-Service-bash-doghouse-1'])(
    'does not match %s',
    (name) => expect(matcher.matches(name)).toBe(false),
  );

  it('is case-insensitive in the stack name too', () => {
    expect(new NameMatcher('KiwiCart').matches('kiwi-cart-pipeline')).toBe(true);
    expect(tokenize('KiwiCart')).toEqual(['kiwi', 'cart']);
  });

  it('drops every run of the stack name from a name', () => {
    expect(matcher.wordsWithoutStack('AppECS-bash-dog-bash-dog')).toEqual(['App', 'ECS']);
    expect(matcher.wordsWithoutStack('bash-dog-build-project')).toEqual(['build', 'project']);
  });

  it('refuses a stack name with nothing to match by', () => {
    expect(() => new NameMatcher('--')).toThrow(/no letters or digits/);
  });
});
