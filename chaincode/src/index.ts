/**
 * The pack ledger chaincode. `contracts` is what fabric-shim (and the in-process ledger) load.
 * Clients import `@packtrace/chaincode/client`, the same vocabulary without the contracts.
 *
 * @packageDocumentation
 */
import 'reflect-metadata';
import { AggregationContract } from './contracts/aggregation-contract';
import { AlertCaseContract } from './contracts/alert-case-contract';
import { AlertContract } from './contracts/alert-contract';
import { BatchContract } from './contracts/batch-contract';
import { CustodyContract } from './contracts/custody-contract';
import { DispensingContract } from './contracts/dispensing-contract';
import { EpcisContract } from './contracts/epcis-contract';
import { EventErrorContract } from './contracts/event-error-contract';
import { PartyContract } from './contracts/party-contract';
import { ProductContract } from './contracts/product-contract';
import { ProvenanceContract } from './contracts/provenance-contract';
import { TraceRequestContract } from './contracts/trace-request-contract';
import { VerificationContract } from './contracts/verification-contract';

/** Every contract of the chaincode; the first is the default contract. */
export const contracts = [
  VerificationContract,
  PartyContract,
  ProductContract,
  BatchContract,
  AggregationContract,
  CustodyContract,
  DispensingContract,
  AlertContract,
  AlertCaseContract,
  ProvenanceContract,
  EpcisContract,
  EventErrorContract,
  TraceRequestContract,
];

export * from './client';
