package org.desi.catalogs.query.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Whether an address is on the public Internet, as the IANA special-purpose address registries (RFC 6890 and its
 * updates) say: loopback, private, carrier-grade NAT, link-local (where clouds serve instance metadata),
 * documentation, benchmarking, multicast and reserved ranges are not. IPv6 addresses that carry an IPv4 address
 * (NAT64, 6to4; IPv4-mapped ones arrive as IPv4 from the JDK) are judged by the address they carry, so a private
 * IPv4 address cannot come back disguised.
 */
final class PublicAddresses {

    /** A range: its first address, the prefix length in bits, what it is; embedsIpv4At >= 0 for NAT64 and 6to4. */
    private record Range(byte[] first, int bits, String cidr, String what, int embedsIpv4At) {

        boolean contains(byte[] a) {
            if (a.length != first.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((a[bit / 8] & mask) != (first[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final List<Range> NOT_PUBLIC = List.of(
            range("0.0.0.0/8", "'this network'"),
            range("10.0.0.0/8", "private"),
            range("100.64.0.0/10", "carrier-grade NAT"),
            range("127.0.0.0/8", "loopback"),
            range("169.254.0.0/16", "link-local (cloud instance metadata)"),
            range("172.16.0.0/12", "private"),
            range("192.0.0.0/24", "IETF protocol assignments"),
            range("192.0.2.0/24", "documentation"),
            range("192.88.99.0/24", "6to4 relay anycast"),
            range("192.168.0.0/16", "private"),
            range("198.18.0.0/15", "benchmarking"),
            range("198.51.100.0/24", "documentation"),
            range("203.0.113.0/24", "documentation"),
            range("224.0.0.0/4", "multicast"),
            range("240.0.0.0/4", "reserved (and broadcast)"),
            range("::/128", "unspecified"),
            range("::1/128", "loopback"),
            range("::/96", "IPv4-compatible (deprecated)"),
            new Range(bytes("64:ff9b::"), 96, "64:ff9b::/96", "NAT64", 12),
            range("64:ff9b:1::/48", "local NAT64"),
            range("100::/64", "discard-only"),
            range("2001::/32", "Teredo"),
            range("2001:2::/48", "benchmarking"),
            range("2001:10::/28", "ORCHID"),
            range("2001:20::/28", "ORCHIDv2"),
            range("2001:db8::/32", "documentation"),
            new Range(bytes("2002::"), 16, "2002::/16", "6to4", 2),
            range("fc00::/7", "unique-local"),
            range("fe80::/10", "link-local"),
            range("fec0::/10", "site-local (deprecated)"),
            range("ff00::/8", "multicast"));

    private PublicAddresses() {
    }

    /** Why the address is not public ("10.1.2.3 is private (10.0.0.0/8)"), or empty when it is. */
    static Optional<String> whyNotPublic(InetAddress address) {
        byte[] a = address.getAddress();
        for (Range r : NOT_PUBLIC) {
            if (!r.contains(a)) {
                continue;
            }
            if (r.embedsIpv4At() < 0) {
                return Optional.of(address.getHostAddress() + " is " + r.what() + " (" + r.cidr() + ")");
            }
            // NAT64 and 6to4 reach the IPv4 address they carry: public when that one is
            byte[] v4 = java.util.Arrays.copyOfRange(a, r.embedsIpv4At(), r.embedsIpv4At() + 4);
            try {
                Optional<String> inner = whyNotPublic(InetAddress.getByAddress(v4));
                return inner.map(why -> address.getHostAddress() + " is " + r.what() + " (" + r.cidr() + ") of " + why);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);   // four bytes are always an address
            }
        }
        return Optional.empty();
    }

    private static Range range(String cidr, String what) {
        int slash = cidr.indexOf('/');
        return new Range(bytes(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)), cidr, what, -1);
    }

    private static byte[] bytes(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();   // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
