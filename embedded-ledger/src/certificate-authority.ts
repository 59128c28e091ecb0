import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

type CryptoKey = webcrypto.CryptoKey;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** The OID under which Fabric CA writes enrolment attributes into a certificate. */
export const FABRIC_ATTRIBUTE_OID = '1.2.3.4.5.6.7.8.1';

/** An X.509 identity: what a Fabric wallet holds. */
export interface X509Identity {
  readonly mspId: string;
  /** PEM certificate. */
  readonly certificate: string;
  /** PEM PKCS#8 private key. */
  readonly privateKey: string;
}

function randomSerial(): string {
  // Positive 16-byte serial, as CAs issue.
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return Buffer.from(bytes).toString('hex');
}

async function exportKey(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  const body = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd();
  return `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`;
}

/**
 * A certificate authority for one organisation, issuing ECDSA P-256 certificates with Fabric
 * CA's attribute extension, so the chaincode reads `role` and `gln` from them exactly as it does
 * from certificates issued by a real Fabric CA.
 */
/** How to create a {@link CertificateAuthority}. */
export interface CertificateAuthorityOptions {
  /** The CA certificate's common name; `ca.<mspid>` by default. */
  readonly commonName?: string;
  /** The time certificates are issued at; the real time by default. */
  readonly clock?: () => Date;
}

export class CertificateAuthority {
  private constructor(
    readonly mspId: string,
    readonly certificate: string,
    private readonly caCertificate: x509.X509Certificate,
    private readonly signingKey: CryptoKey,
    private readonly clock: () => Date,
  ) {}

  /**
   * Creates a new self-signed CA for an MSP. Certificates are valid from a minute before the
   * clock's time; a test that moves the ledger's clock gives the CA the same clock.
   */
  static async create(
    mspId: string,
    options: CertificateAuthorityOptions = {},
  ): Promise<CertificateAuthority> {
    const clock = options.clock ?? (() => new Date());
    const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
    const now = clock().getTime();
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: randomSerial(),
      name: `CN=${options.commonName ?? `ca.${mspId.toLowerCase()}`},O=${mspId}`,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 10 * 365 * 24 * 3600 * 1000),
      keys,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
          true,
        ),
      ],
    });
    return new CertificateAuthority(
      mspId,
      certificate.toString('pem'),
      certificate,
      keys.privateKey,
      clock,
    );
  }

  /** Reloads a CA from its PEM certificate and private key. */
  static async load(
    mspId: string,
    certificatePem: string,
    privateKeyPem: string,
  ): Promise<CertificateAuthority> {
    const certificate = new x509.X509Certificate(certificatePem);
    const der = x509.PemConverter.decodeFirst(privateKeyPem);
    const key = await webcrypto.subtle.importKey('pkcs8', der, ALGORITHM, true, ['sign']);
    return new CertificateAuthority(mspId, certificatePem, certificate, key, () => new Date());
  }

  async exportPrivateKey(): Promise<string> {
    return exportKey(this.signingKey);
  }

  /** Enrols a user: a new key pair and a certificate carrying the given attributes. */
  async enrol(
    commonName: string,
    attributes: Readonly<Record<string, string>>,
  ): Promise<X509Identity> {
    const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
    const now = this.clock().getTime();
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: randomSerial(),
      subject: `CN=${commonName},OU=client,O=${this.mspId}`,
      issuer: this.caCertificate.subject,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 365 * 24 * 3600 * 1000),
      signingKey: this.signingKey,
      publicKey: keys.publicKey,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.Extension(
          FABRIC_ATTRIBUTE_OID,
          false,
          Buffer.from(JSON.stringify({ attrs: attributes }), 'utf8'),
        ),
      ],
    });
    return {
      mspId: this.mspId,
      certificate: certificate.toString('pem'),
      privateKey: await exportKey(keys.privateKey),
    };
  }
}

/** Whether `certificatePem` was issued by the CA whose certificate is `caPem` and is valid at `at`. */
export async function isIssuedBy(
  certificatePem: string,
  caPem: string,
  at: Date,
): Promise<boolean> {
  try {
    const certificate = new x509.X509Certificate(certificatePem);
    const ca = new x509.X509Certificate(caPem);
    return await certificate.verify({ publicKey: ca.publicKey, date: at });
  } catch {
    return false;
  }
}
