package org.desi.catalogs.query.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Addresses judged one by one against a table written by hand from the IANA special-purpose registries: the
 * edges of each range (its first address, its last, and the first address past it).
 */
class PublicAddressesTest {

    private static String verdict(String literal) throws UnknownHostException {
        return PublicAddresses.whyNotPublic(InetAddress.getByName(literal)).orElse("public");
    }

    @Test
    void everyAddressIsJudgedAsTheRegistriesSay() throws UnknownHostException {
        Map<String, String> expected = new TreeMap<>();
        expected.put("8.8.8.8", "public");
        expected.put("93.184.215.14", "public");
        expected.put("9.255.255.255", "public");
        expected.put("10.0.0.0", "10.0.0.0 is private (10.0.0.0/8)");
        expected.put("10.255.255.255", "10.255.255.255 is private (10.0.0.0/8)");
        expected.put("11.0.0.0", "public");
        expected.put("100.63.255.255", "public");
        expected.put("100.64.0.0", "100.64.0.0 is carrier-grade NAT (100.64.0.0/10)");
        expected.put("100.127.255.255", "100.127.255.255 is carrier-grade NAT (100.64.0.0/10)");
        expected.put("100.128.0.0", "public");
        expected.put("169.254.169.254", "169.254.169.254 is link-local (cloud instance metadata) (169.254.0.0/16)");
        expected.put("172.15.255.255", "public");
        expected.put("172.16.0.1", "172.16.0.1 is private (172.16.0.0/12)");
        expected.put("172.31.255.255", "172.31.255.255 is private (172.16.0.0/12)");
        expected.put("172.32.0.0", "public");
        expected.put("192.0.0.8", "192.0.0.8 is IETF protocol assignments (192.0.0.0/24)");
        expected.put("192.168.1.1", "192.168.1.1 is private (192.168.0.0/16)");
        expected.put("198.17.255.255", "public");
        expected.put("198.19.255.255", "198.19.255.255 is benchmarking (198.18.0.0/15)");
        expected.put("198.20.0.0", "public");
        expected.put("223.255.255.255", "public");
        expected.put("224.0.0.1", "224.0.0.1 is multicast (224.0.0.0/4)");
        expected.put("255.255.255.255", "255.255.255.255 is reserved (and broadcast) (240.0.0.0/4)");
        expected.put("127.0.0.53", "127.0.0.53 is loopback (127.0.0.0/8)");
        expected.put("0.0.0.0", "0.0.0.0 is 'this network' (0.0.0.0/8)");
        // IPv6
        expected.put("2606:4700::1111", "public");
        expected.put("::1", "0:0:0:0:0:0:0:1 is loopback (::1/128)");
        expected.put("::", "0:0:0:0:0:0:0:0 is unspecified (::/128)");
        expected.put("fd12:3456::1", "fd12:3456:0:0:0:0:0:1 is unique-local (fc00::/7)");
        expected.put("fe80::1", "fe80:0:0:0:0:0:0:1 is link-local (fe80::/10)");
        expected.put("ff02::1", "ff02:0:0:0:0:0:0:1 is multicast (ff00::/8)");
        expected.put("2001:db8::1", "2001:db8:0:0:0:0:0:1 is documentation (2001:db8::/32)");
        expected.put("2001:0:4136:e378::1", "2001:0:4136:e378:0:0:0:1 is Teredo (2001::/32)");
        // the IPv4 address an IPv6 one carries decides: mapped (the JDK gives IPv4), NAT64, 6to4
        expected.put("::ffff:10.1.2.3", "10.1.2.3 is private (10.0.0.0/8)");
        expected.put("64:ff9b::a9fe:a9fe", "64:ff9b:0:0:0:0:a9fe:a9fe is NAT64 (64:ff9b::/96) of 169.254.169.254 is"
                + " link-local (cloud instance metadata) (169.254.0.0/16)");
        expected.put("64:ff9b::808:808", "public");
        expected.put("2002:c0a8:101::1", "2002:c0a8:101:0:0:0:0:1 is 6to4 (2002::/16) of 192.168.1.1 is private"
                + " (192.168.0.0/16)");
        expected.put("2002:808:808::1", "public");
        Map<String, String> got = new TreeMap<>();
        for (String literal : expected.keySet()) {
            got.put(literal, verdict(literal));
        }
        assertEquals(expected, got);
    }
}
