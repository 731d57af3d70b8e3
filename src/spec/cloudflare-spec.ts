/**
 * The Cloudflare types reclaim models, in the same stored shape as the
 * CloudFormation subset (`cfn-spec.json`): CloudFormation has no Cloudflare
 * types, so their properties are written down here, after the Cloudflare API
 * and the Terraform provider's resources (names in PascalCase, as the file
 * spells every other type's):
 * - `Cloudflare::DNS::Zone`: `cloudflare_zone` (name) and `cloudflare_zone_setting`
 *   (`ssl`, `always_use_https`, `min_tls_version`);
 * - `Cloudflare::DNS::Record`: `cloudflare_dns_record`;
 * - `Cloudflare::Rulesets::ConfigRule`: one rule of `cloudflare_ruleset` in the
 *   `http_config_settings` phase;
 * - `Cloudflare::SSL::OriginCACertificate`: `cloudflare_origin_ca_certificate`.
 */
import type { StoredResourceType } from './spec-shape.js';

const ZONE_ID = {
  type: { kind: 'string' },
  required: true,
  causesReplacement: 'yes',
  documentation: 'The zone identifier.',
} as const;

export const CLOUDFLARE_SPEC: Readonly<Record<string, StoredResourceType>> = {
  'Cloudflare::DNS::Zone': {
    properties: {
      Name: { type: { kind: 'string' }, required: true, causesReplacement: 'yes', documentation: 'The domain name.' },
      Ssl: {
        type: { kind: 'string', allowed: ['off', 'flexible', 'full', 'strict'] },
        documentation:
          'SSL/TLS encryption mode between Cloudflare and the origin (zone setting `ssl`; "strict" is Full (strict)).',
      },
      AlwaysUseHttps: {
        type: { kind: 'string', allowed: ['on', 'off'] },
        documentation: 'Redirect every http request to https (zone setting `always_use_https`).',
      },
      MinTlsVersion: {
        type: { kind: 'string', allowed: ['1.0', '1.1', '1.2', '1.3'] },
        documentation: 'The oldest TLS version visitors may use (zone setting `min_tls_version`).',
      },
    },
    definitions: {},
    attributes: ['Status'],
    primaryIdentifier: ['Id'],
  },
  'Cloudflare::DNS::Record': {
    properties: {
      ZoneId: ZONE_ID,
      Name: { type: { kind: 'string' }, required: true, documentation: 'The fully qualified record name.' },
      Type: {
        type: { kind: 'string' },
        required: true,
        causesReplacement: 'yes',
        documentation: 'Record type (CNAME, A, …).',
      },
      Content: {
        type: { kind: 'string' },
        required: true,
        documentation: 'What the record points at: a CNAME target, an address.',
      },
      Proxied: {
        type: { kind: 'boolean' },
        documentation: 'Whether traffic goes through Cloudflare (orange cloud) or DNS only.',
      },
      Ttl: { type: { kind: 'integer' }, documentation: 'Time to live in seconds; 1 is automatic.' },
    },
    definitions: {},
    attributes: [],
    primaryIdentifier: ['ZoneId', 'Id'],
  },
  'Cloudflare::Rulesets::ConfigRule': {
    properties: {
      ZoneId: ZONE_ID,
      Phase: {
        type: { kind: 'string', allowed: ['http_config_settings'] },
        causesReplacement: 'yes',
        documentation: 'The ruleset phase.',
      },
      Expression: {
        type: { kind: 'string' },
        required: true,
        documentation: 'The filter: which requests the rule applies to.',
      },
      Description: { type: { kind: 'string' }, documentation: 'What the rule is for.' },
      Enabled: { type: { kind: 'boolean' }, documentation: 'Whether the rule is active.' },
      Action: { type: { kind: 'string', allowed: ['set_config'] }, documentation: 'The rule action.' },
      ActionParameters: {
        type: { kind: 'object', definition: 'ConfigParameters' },
        documentation: 'The settings the rule sets.',
      },
    },
    definitions: {
      ConfigParameters: {
        Ssl: {
          type: { kind: 'string', allowed: ['off', 'flexible', 'full', 'strict', 'origin_pull'] },
          documentation: 'SSL/TLS mode for matching requests; beats the zone setting.',
        },
        AutomaticHttpsRewrites: { type: { kind: 'boolean' }, documentation: 'Rewrite http links to https.' },
      },
    },
    attributes: ['RulesetId'],
    primaryIdentifier: ['ZoneId', 'RulesetId', 'Id'],
  },
  'Cloudflare::SSL::OriginCACertificate': {
    properties: {
      Hostnames: {
        type: { kind: 'array', element: { kind: 'string' } },
        required: true,
        causesReplacement: 'yes',
        documentation: 'The host names the certificate covers.',
      },
      RequestType: { type: { kind: 'string' }, causesReplacement: 'yes', documentation: 'origin-rsa or origin-ecc.' },
      RequestedValidity: { type: { kind: 'integer' }, causesReplacement: 'yes', documentation: 'Validity in days.' },
    },
    definitions: {},
    attributes: ['ExpiresOn', 'PublicKeySha256', 'SerialNumber'],
    primaryIdentifier: ['Id'],
  },
};
