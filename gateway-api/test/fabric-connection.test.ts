// How the gateway's connections to Fabric peers are set up, checked without a network.
import { grpcClientOptions } from '@packtrace/ledger';

const PEER = {
  mspId: 'PharmacyMSP',
  endpoint: 'localhost:7051',
  tlsRootCertificate: '',
  serverNameOverride: 'peer0.pharmacy.example',
};

describe('a connection to a Fabric peer', () => {
  it('pings the peer every 120 s while a call (an event stream) is open, so a vanished host is noticed within 20 s of a ping', () => {
    expect(grpcClientOptions(PEER)).toMatchObject({
      'grpc.keepalive_time_ms': 120_000,
      'grpc.keepalive_timeout_ms': 20_000,
    });
  });

  it('pings no more often than Fabric peers allow by default (every 60 s), so the peer never drops the connection for it', () => {
    expect(grpcClientOptions(PEER)['grpc.keepalive_time_ms']).toBeGreaterThanOrEqual(60_000);
  });

  it('checks the peer’s TLS name as the network profile says', () => {
    expect(grpcClientOptions(PEER)['grpc.ssl_target_name_override']).toBe('peer0.pharmacy.example');
    const { mspId, endpoint, tlsRootCertificate } = PEER;
    expect(grpcClientOptions({ mspId, endpoint, tlsRootCertificate })).not.toHaveProperty(
      'grpc.ssl_target_name_override',
    );
  });
});
