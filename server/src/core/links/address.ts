import { BlockList, isIP } from 'node:net';

/** A kind of address that the checker does not connect to unless private addresses are allowed. */
export type AddressKind = 'unspecified' | 'loopback' | 'private' | 'link-local' | 'multicast' | 'reserved';

type Subnet = [network: string, prefix: number];

// IPv4 ranges by kind. "private" also covers the shared address space of
// carrier-grade NAT (100.64.0.0/10, RFC 6598); "reserved" is 240.0.0.0/4 and
// with it the broadcast address 255.255.255.255.
// Loopback comes first because ::1 also lies in ::0.0.0.0/104, the embedded
// form of 0.0.0.0/8.
const IPV4: Record<AddressKind, Subnet[]> = {
  loopback: [['127.0.0.0', 8]],
  unspecified: [['0.0.0.0', 8]],
  private: [
    ['10.0.0.0', 8],
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
    ['100.64.0.0', 10],
  ],
  'link-local': [['169.254.0.0', 16]],
  multicast: [['224.0.0.0', 4]],
  reserved: [['240.0.0.0', 4]],
};

const IPV6: Record<AddressKind, Subnet[]> = {
  loopback: [['::1', 128]],
  unspecified: [['::', 128]],
  private: [['fc00::', 7]],
  'link-local': [['fe80::', 10]],
  multicast: [['ff00::', 8]],
  reserved: [],
};

// IPv6 prefixes that embed an IPv4 address in their last 32 bits: the
// deprecated IPv4-compatible form (::a.b.c.d) and the NAT64 well-known prefix
// (64:ff9b::/96). IPv4-mapped addresses (::ffff:a.b.c.d) need no entry because
// BlockList matches them against the IPv4 subnets itself.
const EMBEDDING_PREFIXES = ['::', '64:ff9b::'];

function buildLists(): Map<AddressKind, BlockList> {
  const lists = new Map<AddressKind, BlockList>();
  for (const kind of Object.keys(IPV4) as AddressKind[]) {
    const list = new BlockList();
    for (const [network, prefix] of IPV4[kind]) {
      list.addSubnet(network, prefix, 'ipv4');
      for (const embedding of EMBEDDING_PREFIXES) list.addSubnet(`${embedding}${network}`, 96 + prefix, 'ipv6');
    }
    for (const [network, prefix] of IPV6[kind]) list.addSubnet(network, prefix, 'ipv6');
    lists.set(kind, list);
  }
  return lists;
}

let lists: Map<AddressKind, BlockList> | undefined;

/** Returns the kind of a non-public IP address, or undefined for a public one or a text that is no IP address. */
export function classifyAddress(address: string): AddressKind | undefined {
  const family = isIP(address);
  if (family === 0) return undefined;
  lists ??= buildLists();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, list] of lists) {
    if (list.check(address, type)) return kind;
  }
  return undefined;
}

/** Describes an address kind for messages: "a loopback address". */
export function describeAddressKind(kind: AddressKind): string {
  return kind === 'unspecified' ? 'an unspecified address' : `a ${kind} address`;
}
