package io.dockyard.simulator.internal.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's end of the file handshake with the {@code systemctl} shim: requests appear in the
 * sandbox's requests folder (renamed into place, so they are whole), each is acted on against the
 * VM's docker.service, and the answer is written as a reply file the waiting shim picks up.
 */
final class ShimRequests {

    private static final String REQUEST = ".req";

    private final Sandbox sandbox;
    private final DockerService service;

    ShimRequests(Sandbox sandbox, DockerService service) {
        this.sandbox = sandbox;
        this.service = service;
    }

    /** Acts on every pending request, oldest first. */
    void answerPending() {
        for (Path request : pending()) {
            String id = request.getFileName().toString();
            id = id.substring(0, id.length() - REQUEST.length());
            String action;
            try {
                action = Files.readString(request, StandardCharsets.UTF_8).strip();
                Files.deleteIfExists(request);
            } catch (IOException e) {
                continue; // withdrawn by a shim that gave up waiting
            }
            reply(id, perform(action));
        }
    }

    /** Drops requests nobody will wait for any more (the script has ended). */
    void discardPending() {
        for (Path request : pending()) {
            try {
                Files.deleteIfExists(request);
            } catch (IOException e) {
                // nothing waits for it
            }
        }
    }

    private List<Path> pending() {
        List<Path> requests = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(sandbox.requests(), "*" + REQUEST)) {
            entries.forEach(requests::add);
        } catch (IOException e) {
            return List.of();
        }
        requests.sort(null);
        return requests;
    }

    private record Reply(int code, String message) {
    }

    private Reply perform(String action) {
        try {
            return switch (action) {
                case "start" -> {
                    service.start();
                    yield new Reply(0, "docker.service started");
                }
                case "stop" -> {
                    service.stop();
                    yield new Reply(0, "docker.service stopped");
                }
                case "status" -> service.active() ? new Reply(0, "active") : new Reply(3, "inactive");
                default -> new Reply(1, "unknown request '" + action + "'");
            };
        } catch (EngineStartException e) {
            return new Reply(1, e.getMessage());
        } catch (RuntimeException e) {
            return new Reply(1, "simulator error: " + e);
        }
    }

    private void reply(String id, Reply reply) {
        Path target = sandbox.replies().resolve(id + ".reply");
        Path temporary = sandbox.replies().resolve(id + ".tmp");
        try {
            Files.writeString(temporary, reply.code() + "\n" + reply.message() + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // the shim times out and reports that the simulator did not answer
        }
    }
}
