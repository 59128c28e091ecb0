// fabric-contract-api logs every decorator at INFO when the chaincode module loads; tests want
// only warnings and errors.
process.env.CORE_CHAINCODE_LOGGING_LEVEL = 'WARNING';
