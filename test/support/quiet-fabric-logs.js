// fabric-contract-api logs every decorator at INFO, and fabric-shim every refusal at ERROR; the
// tests provoke refusals on purpose and assert them, so only critical failures are printed.
process.env.CORE_CHAINCODE_LOGGING_LEVEL = 'CRITICAL';
