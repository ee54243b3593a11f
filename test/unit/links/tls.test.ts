import * as assert from 'node:assert/strict';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { checkLinks } from '../../../server/src/core/links';
import { FakeTime, testOptions } from './harness';

// A self-signed certificate for 127.0.0.1, valid from 2000 to 2100, and its key. They
// protect nothing: they exist so that the TLS check of a client fails.
const KEY = `
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgfkC42A7aW4FTXJ6g
USJauzP3Cc1xBftNCvQslCyxGrGhRANCAATCpbxM+aL9b5m+PYxqVm0OQ6KYaTBY
HwN8z22FYE3ISU+en79Is+mKJMSwX3zc1s89E6sk39pAAszj2yOfRNv7
-----END PRIVATE KEY-----
`;

const CERTIFICATE = `
-----BEGIN CERTIFICATE-----
MIIBXTCCAQKgAwIBAgIBATAKBggqhkjOPQQDAjAUMRIwEAYDVQQDDAlsb2NhbGhv
c3QwIBcNMDAwMTAxMDAwMDAwWhgPMjEwMDAxMDEwMDAwMDBaMBQxEjAQBgNVBAMM
CWxvY2FsaG9zdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABMKlvEz5ov1vmb49
jGpWbQ5DophpMFgfA3zPbYVgTchJT56fv0iz6YokxLBffNzWzz0TqyTf2kACzOPb
I59E2/ujQzBBMA8GA1UdEQQIMAaHBH8AAAEwDwYDVR0TAQH/BAUwAwEB/zAdBgNV
HQ4EFgQUevsjAkcTG0ynVqN+Mdbu7TMlVdQwCgYIKoZIzj0EAwIDSQAwRgIhAIRM
RPPOILnHt9d461GeFFH07IOjNDbwI37X98Nl4/1VAiEA/Kupd13zQkvaI8gKuLDm
VejvasYsM4Vtacss+U7eQmc=
-----END CERTIFICATE-----
`;

describe('link check over TLS', () => {
  let server: https.Server;
  let requests = 0;

  before(async () => {
    server = https.createServer({ key: KEY, cert: CERTIFICATE }, (_request, response) => {
      requests++;
      response.writeHead(200).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('reports a self-signed certificate as broken', async () => {
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/page`;
    const result = (await checkLinks([url], testOptions(new FakeTime()))).get(url);
    assert.equal(result?.verdict, 'broken');
    assert.equal(result?.reason, 'the TLS connection to 127.0.0.1 failed: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)');
    assert.equal(requests, 0);
  });
});
