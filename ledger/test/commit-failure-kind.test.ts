import { StatusCode } from '@hyperledger/fabric-gateway';
import { commitFailureKind } from '../src/conflict-retry';

describe('commitFailureKind', () => {
  it('classes Fabric’s read-conflict validation codes as conflicts and others as internal', () => {
    const nameOf = (code: number) =>
      Object.entries(StatusCode).find(([, value]) => value === code)?.[0] ?? '';
    expect(commitFailureKind(nameOf(StatusCode.MVCC_READ_CONFLICT))).toBe('conflict');
    expect(commitFailureKind(nameOf(StatusCode.PHANTOM_READ_CONFLICT))).toBe('conflict');
    expect(commitFailureKind(nameOf(StatusCode.ENDORSEMENT_POLICY_FAILURE))).toBe('internal');
    expect(commitFailureKind('DUPLICATE_TXID')).toBe('internal');
  });
});
