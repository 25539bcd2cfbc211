package io.dockyard.reconciler.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The HTTP/1.1 the Docker probe speaks on a connection it opened itself: a GET, then the status and the body
 * (sized by Content-Length, chunked, or up to the close). A general-purpose client would cost a selector thread,
 * an executor and a connection pool per probe, and pooling is wrong here anyway: every probe must make its own
 * handshake, or a rotated certificate would go untested. Bodies are capped, since the engine is on a machine a
 * team controls.
 */
final class ProbeHttp {

    /** A status code and the body as text. */
    record Response(int status, String body) {
    }

    static final int MAX_BODY = 64 * 1024;
    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_HEADERS = 100;

    private ProbeHttp() {
    }

    /** Sends {@code GET path} and reads the whole answer; {@code last} asks the server to close afterwards. */
    static Response get(InputStream in, OutputStream out, String authority, String path, boolean last)
            throws IOException {
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + authority + "\r\nUser-Agent: dockyard-probe\r\n"
                + "Accept: application/json\r\n" + (last ? "Connection: close\r\n" : "") + "\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return read(in);
    }

    static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x answer: " + abbreviate(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + abbreviate(statusLine), e);
        }
        long length = -1;
        boolean chunked = false;
        for (int count = 0; ; count++) {
            String header = line(in);
            if (header.isEmpty()) {
                break;
            }
            if (count >= MAX_HEADERS) {
                throw new IOException("more than " + MAX_HEADERS + " headers");
            }
            int colon = header.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                try {
                    length = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IOException("bad Content-Length: " + abbreviate(value), e);
                }
            } else if (name.equals("transfer-encoding")) {
                chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            }
        }
        byte[] body;
        if (status / 100 == 1 || status == 204 || status == 304) {
            body = new byte[0];
        } else if (chunked) {
            body = chunks(in);
        } else if (length >= 0) {
            if (length > MAX_BODY) {
                throw new IOException("a body of " + length + " bytes is more than a probe reads");
            }
            body = in.readNBytes((int) length);
            if (body.length < length) {
                throw new IOException("the connection closed inside the body");
            }
        } else {
            body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new IOException("a body of more than " + MAX_BODY + " bytes is more than a probe reads");
            }
        }
        return new Response(status, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] chunks(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + abbreviate(sizeLine), e);
            }
            if (size < 0 || body.size() + (long) size > MAX_BODY) {
                throw new IOException("a body of more than " + MAX_BODY + " bytes is more than a probe reads");
            }
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailers: nothing the probe needs
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new IOException("the connection closed inside a chunk");
            }
            body.writeBytes(chunk);
            if (!line(in).isEmpty()) {
                throw new IOException("a chunk did not end where its size said");
            }
        }
    }

    /** One line without its CRLF (or bare LF); an end of stream before the line ends is an error. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException(line.isEmpty() ? "the connection closed without an answer"
                        : "the connection closed inside a line");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("a line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) b);
        }
    }

    /** At most 80 printable characters of what the engine sent, fit for a condition message. */
    private static String abbreviate(String text) {
        String shown = text.length() <= 80 ? text : text.substring(0, 80) + "...";
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
