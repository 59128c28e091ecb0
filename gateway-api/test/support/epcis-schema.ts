/** GS1's EPCIS 2.0 JSON Schema: the copy shipped with the gateway (gateway-api/schemas). */
export { loadEpcisSchema } from '@packtrace/gateway-api';
