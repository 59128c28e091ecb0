import { GS1_LINK_TYPES } from '@packtrace/gs1';

/**
 * The resolver description document served at `/.well-known/gs1resolver` (GS1-Conformant
 * Resolver standard): what this resolver answers, so a client learns it without trial.
 */
export function resolverDescription(resolverRoot: string): Record<string, unknown> {
  return {
    name: 'packtrace consortium resolver',
    resolverRoot,
    supportedPrimaryKeys: ['01'],
    supportedLinkType: [{ namespace: 'https://gs1.org/voc/', prefix: 'gs1:' }],
    linkTypes: GS1_LINK_TYPES,
    linkTypeDefaultCanBeLinkset: true,
    supportedContextValuesEnumerated: [],
    supportedContextValuesExternal: [],
    linkset: `${resolverRoot}/01/{gtin}?linkType=all`,
  };
}
