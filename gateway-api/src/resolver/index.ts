export { LINKSET_TYPE, resolverRouter, type ResolverServices } from './resolver-router';
export { checkPagePath, keyPath, type ResolvedKey } from './resolver-links';
export { ProductLinksCache } from './product-links-cache';
