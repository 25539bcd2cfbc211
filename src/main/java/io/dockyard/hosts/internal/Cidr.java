package io.dockyard.hosts.internal;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation, as NSG rules take it. A bare address is a /32 or /128.
 * Only canonical networks are accepted (no host bits set), because Azure would otherwise store a
 * different value than the one the user sees in the spec.
 */
record Cidr(byte[] network, int prefix, boolean ipv6) {

    private static final Pattern IPV4 = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]+$");

    /** Parses {@code text}; the error, if any, says what is wrong in words. */
    static Result parse(String text) {
        String address = text;
        Integer prefix = null;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            address = text.substring(0, slash);
            String bits = text.substring(slash + 1);
            if (!bits.matches("\\d{1,3}")) {
                return Result.error("'" + text + "' is not a CIDR such as 203.0.113.0/24");
            }
            prefix = Integer.parseInt(bits);
        }
        boolean v6 = address.contains(":");
        if (!(v6 ? IPV6.matcher(address).matches() : IPV4.matcher(address).matches())) {
            return Result.error("'" + text + "' is not a CIDR such as 203.0.113.0/24");
        }
        if (!v6) {
            for (String part : address.split("\\.")) {
                if (Integer.parseInt(part) > 255 || (part.length() > 1 && part.startsWith("0"))) {
                    return Result.error("'" + text + "' is not a valid IPv4 address");
                }
            }
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return Result.error("'" + text + "' is not a valid IP address");
        }
        if (v6 && bytes.length != 16) {
            return Result.error("'" + text + "' is not a valid IPv6 address");
        }
        int max = bytes.length * 8;
        int bits = prefix == null ? max : prefix;
        if (bits > max) {
            return Result.error("prefix length of '" + text + "' must be at most " + max);
        }
        Cidr cidr = new Cidr(bytes, bits, v6);
        Cidr canonical = cidr.canonical();
        if (!canonical.equals(cidr)) {
            return Result.error("'" + text + "' has host bits set; use " + canonical.text());
        }
        return new Result(Optional.of(cidr), null);
    }

    boolean isAnySource() {
        return prefix == 0;
    }

    /** Whether every address of {@code other} lies in this network. */
    boolean contains(Cidr other) {
        if (ipv6 != other.ipv6 || other.prefix < prefix) {
            return false;
        }
        return new Cidr(other.network, prefix, ipv6).canonical().equals(this);
    }

    String text() {
        try {
            String address = InetAddress.getByAddress(network).getHostAddress();
            return address + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private Cidr canonical() {
        int max = network.length * 8;
        BigInteger value = new BigInteger(1, network);
        BigInteger mask = BigInteger.ONE.shiftLeft(max).subtract(BigInteger.ONE)
                .shiftRight(prefix).not().and(BigInteger.ONE.shiftLeft(max).subtract(BigInteger.ONE));
        byte[] raw = value.and(mask).toByteArray();
        byte[] out = new byte[network.length];
        int copy = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
        return new Cidr(out, prefix, ipv6);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && c.ipv6 == ipv6 && java.util.Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefix;
    }

    record Result(Optional<Cidr> cidr, String error) {
        static Result error(String message) {
            return new Result(Optional.empty(), message);
        }
    }
}
