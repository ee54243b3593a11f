import type { LookupFunction } from 'node:net';
import { type AddressKind, classifyAddress, describeAddressKind } from './address';
import { matchesHost } from './normalize';
import type { Lookup } from './types';

// The guard against server-side request forgery. Node calls the lookup
// function below for every connection it opens to a host name, and connects to
// the addresses it returns. So the check applies to the address actually
// connected, and DNS cannot answer differently between check and connection.
// Node skips the lookup for IP literals, so the checker passes those to
// `decideAddresses` before it makes a request.

// The control-lint option and the VS Code setting that allow private addresses.
// A refusal names both because control-lint and the editor show the same
// message. The setting is read from user settings only (scope "application").
const ALLOW_PRIVATE_HINT = '--links-allow-private or the controlStudio.links.allowPrivate user setting';

/** Private addresses allowed: none (false), all (true), or those of the listed host names and their subdomains. */
export type AllowPrivate = boolean | readonly string[];

/** A connection the guard refused; no request was sent. */
export class RefusedAddressError extends Error {
  readonly code = 'ERR_LINK_REFUSED_ADDRESS';

  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly kind: AddressKind,
  ) {
    const subject = hostname === address ? address : `${hostname} resolves to ${address}, which`;
    super(`${subject} is ${describeAddressKind(kind)}, and private addresses are checked only with ${ALLOW_PRIVATE_HINT}`);
    this.name = 'RefusedAddressError';
  }
}

/** The guard's decision on the addresses of one host. */
export interface AddressDecision {
  refusal?: RefusedAddressError;
  /** True when a non-public address was allowed. */
  privateAllowed: boolean;
}

function allows(allowPrivate: AllowPrivate, hostname: string): boolean {
  return allowPrivate === true || (Array.isArray(allowPrivate) && matchesHost(hostname, allowPrivate));
}

/** Decides whether the addresses of `hostname` may be connected; one refused address refuses them all. */
export function decideAddresses(hostname: string, addresses: readonly string[], allowPrivate: AllowPrivate): AddressDecision {
  let privateAllowed = false;
  for (const address of addresses) {
    const kind = classifyAddress(address);
    if (!kind) continue;
    if (!allows(allowPrivate, hostname)) return { refusal: new RefusedAddressError(hostname, address, kind), privateAllowed };
    privateAllowed = true;
  }
  return { privateAllowed };
}

/** A lookup function for `http.request` that resolves with `lookup` and refuses what the policy forbids. */
export function guardedLookup(lookup: Lookup, allowPrivate: AllowPrivate, onPrivateAllowed: () => void): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname).then(
      (resolved) => {
        const wanted = requestedFamily(options.family);
        const addresses = wanted === undefined ? resolved : resolved.filter((entry) => entry.family === wanted);
        if (addresses.length === 0) {
          callback(notFound(hostname), '', 0);
          return;
        }
        const decision = decideAddresses(hostname, addresses.map((entry) => entry.address), allowPrivate);
        if (decision.refusal) {
          callback(decision.refusal, '', 0);
          return;
        }
        if (decision.privateAllowed) onPrivateAllowed();
        const first = addresses[0] as (typeof addresses)[number];
        if (options.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

// `family` 0 or absent means any; 'IPv4' and 'IPv6' are the legacy spellings of 4 and 6.
function requestedFamily(family: number | 'IPv4' | 'IPv6' | undefined): 4 | 6 | undefined {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return undefined;
}

function notFound(hostname: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
  error.code = 'ENOTFOUND';
  return error;
}
