package io.dockyard.simulator.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Hands out distinct loopback addresses for public IPs, starting at the configured one and skipping network and
 * broadcast-looking octets. Released addresses are reused last, so a deleted host's address is not at once someone
 * else's.
 */
final class LoopbackPool {

    private final long first;
    private long next;
    private final Deque<String> released = new ArrayDeque<>();

    LoopbackPool(String firstAddress) {
        String[] octets = firstAddress.split("\\.");
        long value = 0;
        for (String octet : octets) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        if ((value >>> 24) != 127) {
            throw new IllegalArgumentException("the simulator's public addresses must be loopback (127.x.y.z): " + firstAddress);
        }
        this.first = value;
        this.next = value;
    }

    synchronized String allocate() {
        while (true) {
            long value = next++;
            if ((value >>> 24) != 127) {
                if (!released.isEmpty()) {
                    return released.pollFirst();
                }
                throw new ArmException(409, "PublicIPCountLimitReached", "No more simulated public IP addresses are left.");
            }
            long last = value & 255;
            if (last != 0 && last != 255) {
                return ((value >> 24) & 255) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + last;
            }
        }
    }

    synchronized void release(String address) {
        if (address != null) {
            released.addLast(address);
        }
    }

    synchronized void reset() {
        next = first;
        released.clear();
    }
}
