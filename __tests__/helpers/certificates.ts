/** Self-signed certificates made with openssl, for the token server and a TLS registry. */
import { execFileSync } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface Certificate {
  certFile: string
  keyFile: string
}

export async function selfSignedCertificate(commonName: string): Promise<Certificate> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bake-fanout-cert-'))
  const certificate = { certFile: path.join(dir, 'cert.pem'), keyFile: path.join(dir, 'key.pem') }
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      certificate.keyFile,
      '-out',
      certificate.certFile,
      '-days',
      '1',
      '-subj',
      `/CN=${commonName}`,
    ],
    { stdio: 'ignore' },
  )
  return certificate
}
