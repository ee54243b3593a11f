import { BlockList, isIP } from 'node:net';

/** A kind of address that the checker does not connect to unless private addresses are allowed. */
export type AddressKind = 'unspecified' | 'loopback' | 'private' | 'link-local' | 'multicast' | 'reserved';

type Subnet = [network: string, prefix: number];

// IPv4 ranges by kind. "private" also covers the shared address space of
// carrier-grade NAT (100.64.0.0/10, RFC 6598). "reserved" is 240.0.0.0/4 with
// the broadcast address 255.255.255.255, the IETF protocol assignments
// 192.0.0.0/24 (RFC 6890) and the benchmarking range 198.18.0.0/15 (RFC 2544).
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
  reserved: [
    ['240.0.0.0', 4],
    ['192.0.0.0', 24],
    ['198.18.0.0', 15],
  ],
};

// "private" also covers the deprecated site-local prefix fec0::/10 (RFC 3879),
// which unique local addresses replaced, and the local-use NAT64 prefix
// 64:ff9b:1::/48 (RFC 8215). Where an IPv4 address sits inside that prefix
// depends on the prefix length each network chooses (RFC 6052), so the whole
// /48 is refused rather than classified by an embedded address.
const IPV6: Record<AddressKind, Subnet[]> = {
  loopback: [['::1', 128]],
  unspecified: [['::', 128]],
  private: [
    ['fc00::', 7],
    ['fec0::', 10],
    ['64:ff9b:1::', 48],
  ],
  'link-local': [['fe80::', 10]],
  multicast: [['ff00::', 8]],
  reserved: [],
};

// IPv6 prefixes that embed an IPv4 address in their last 32 bits: the
// deprecated IPv4-compatible form (::a.b.c.d), the NAT64 well-known prefix
// (64:ff9b::/96) and the IPv4-translated form of SIIT (::ffff:0:a.b.c.d,
// RFC 2765). IPv4-mapped addresses (::ffff:a.b.c.d) need no entry because
// BlockList matches them against the IPv4 subnets itself.
const LAST_32_BITS_PREFIXES = ['::', '64:ff9b::', '::ffff:0:'];

// Returns the IPv6 forms of an IPv4 subnet: the prefixes above, and the 6to4
// prefix 2002::/16 (RFC 3056), which embeds the IPv4 address in bits 16-47.
// A 6to4 address that embeds a public IPv4 address stays public, because a
// 6to4 relay delivers it to that public IPv4 host.
function ipv6Forms([network, prefix]: Subnet): Subnet[] {
  const forms = LAST_32_BITS_PREFIXES.map((start): Subnet => [`${start}${network}`, 96 + prefix]);
  const [a = 0, b = 0, c = 0, d = 0] = network.split('.').map(Number);
  const sixToFour = `2002:${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}::`;
  forms.push([sixToFour, 16 + prefix]);
  return forms;
}

function buildLists(): Map<AddressKind, BlockList> {
  const lists = new Map<AddressKind, BlockList>();
  for (const kind of Object.keys(IPV4) as AddressKind[]) {
    const list = new BlockList();
    for (const [network, prefix] of IPV4[kind]) {
      list.addSubnet(network, prefix, 'ipv4');
      for (const [form, formPrefix] of ipv6Forms([network, prefix])) list.addSubnet(form, formPrefix, 'ipv6');
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
