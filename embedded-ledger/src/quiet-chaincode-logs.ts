// The chaincode runs in this process: fabric-contract-api would log every decorator at INFO
// as it loads, and fabric-shim every refusal at ERROR, though callers get and log refusals
// themselves. Imported before fabric-shim loads, so its loggers start quiet (unless set).
process.env['CORE_CHAINCODE_LOGGING_LEVEL'] ??= 'CRITICAL';
