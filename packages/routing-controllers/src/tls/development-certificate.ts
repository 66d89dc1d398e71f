import { isIP } from 'node:net';
import { DEFAULTS } from '../config/defaults';

/** A generated key pair and certificate, PEM-encoded. */
export interface DevelopmentCertificate {
  readonly key: string;
  readonly cert: string;
}

/**
 * Generates a self-signed ECDSA P-256 certificate for `localhost`, `127.0.0.1`, `::1` and the
 * given names, valid for a few weeks, signed with SHA-256. The key lives in memory only.
 *
 * @param hostnames - Extra DNS names or IP addresses.
 * @returns The key and certificate.
 */
export async function createDevelopmentCertificate(
  hostnames: readonly string[] = [],
): Promise<DevelopmentCertificate> {
  const names = [...new Set(['localhost', '127.0.0.1', '::1', ...hostnames])];
  const now = new Date();
  const notAfterDate = new Date(now.getTime() + DEFAULTS.developmentCertificateDays * 86_400_000);
  // Loaded here, not at the top: the generator and its certificate libraries take several
  // megabytes of memory that an app never serving a development certificate should not pay.
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: names.map((name) =>
          isIP(name) === 0 ? { type: 2 as const, value: name } : { type: 7 as const, ip: name },
        ),
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
