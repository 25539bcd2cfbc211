package io.dockyard.reconciler.internal;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A copy of an exception chain with every message left out: the types and stack frames say where a pass broke,
 * while a message might quote an Azure response or a script that carries a secret. Logs get only this copy.
 */
final class MessageFreeTrace extends RuntimeException {

    private static final int MAX_DEPTH = 16;

    private MessageFreeTrace(Throwable original, Throwable cause) {
        super(original.getClass().getName() + " (message withheld)", cause, false, true);
        setStackTrace(original.getStackTrace());
    }

    /** The chain of {@code failure} and its causes, messages withheld. */
    static RuntimeException of(Throwable failure) {
        return copy(failure, new IdentityHashMap<>(), 0);
    }

    private static MessageFreeTrace copy(Throwable failure, Map<Throwable, Boolean> seen, int depth) {
        if (failure == null || depth >= MAX_DEPTH || seen.put(failure, Boolean.TRUE) != null) {
            return null;
        }
        return new MessageFreeTrace(failure, copy(failure.getCause(), seen, depth + 1));
    }
}
