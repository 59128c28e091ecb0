/** GS1's EPCIS 2.0 JSON Schema, the same pinned copy the gateway validates captures with. */
export { loadEpcisSchema } from '@packtrace/gateway-api';
