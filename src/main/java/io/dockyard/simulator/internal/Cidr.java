package io.dockyard.simulator.internal;

/** IPv4 prefixes as the network provider checks them: well-formed, and one inside another. */
record Cidr(long base, int bits) {

    static Cidr parse(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.trim().split("/");
        if (parts.length != 2) {
            return null;
        }
        String[] octets = parts[0].split("\\.");
        if (octets.length != 4) {
            return null;
        }
        try {
            long value = 0;
            for (String octet : octets) {
                int n = Integer.parseInt(octet);
                if (n < 0 || n > 255) {
                    return null;
                }
                value = (value << 8) | n;
            }
            int bits = Integer.parseInt(parts[1]);
            if (bits < 0 || bits > 32) {
                return null;
            }
            return new Cidr(value & mask(bits), bits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    boolean contains(Cidr other) {
        return other.bits >= bits && (other.base & mask(bits)) == base;
    }

    boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    long size() {
        return 1L << (32 - bits);
    }

    String address(long offset) {
        long value = base + offset;
        return ((value >> 24) & 255) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + (value & 255);
    }

    private static long mask(int bits) {
        return bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
    }
}
