package io.dockyard.hosts;

/**
 * Makes every host due for a pass at once. Local mode calls it at start: its in-process simulator starts empty,
 * and the hosts it remembers should be rebuilt now rather than at their next drift pass.
 */
public interface HostWakeups {

    /** Returns how many hosts were made due. */
    int wakeAll();
}
