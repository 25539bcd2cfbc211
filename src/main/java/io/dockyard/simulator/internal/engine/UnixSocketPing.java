package io.dockyard.simulator.internal.engine;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Asks a dockerd on its unix socket whether it is up ({@code GET /_ping}) with a hand-written
 * HTTP/1.1 request, so no HTTP client with unix-socket support is needed.
 */
final class UnixSocketPing {

    private UnixSocketPing() {
    }

    /** True when the socket answers {@code GET /_ping} with 200 within {@code timeout}. */
    static boolean ping(Path socket, Duration timeout) {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
             SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            Future<Boolean> answer = executor.submit(() -> exchange(channel, socket));
            try {
                return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                channel.close();
                answer.cancel(true);
                return false;
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean exchange(SocketChannel channel, Path socket) throws IOException {
        if (!channel.connect(UnixDomainSocketAddress.of(socket))) {
            return false;
        }
        channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer buffer = ByteBuffer.allocate(512);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            String seen = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
            if (seen.contains("\r\n")) {
                return seen.startsWith("HTTP/1.1 200") || seen.startsWith("HTTP/1.0 200");
            }
        }
        return false;
    }
}
