// fabric-contract-api logs every decorator at INFO as the chaincode loads, and fabric-shim logs
// every refusal at ERROR; the gateway logs requests and refusals itself. Must be imported before
// anything that loads the chaincode.
process.env['CORE_CHAINCODE_LOGGING_LEVEL'] ??= 'CRITICAL';
