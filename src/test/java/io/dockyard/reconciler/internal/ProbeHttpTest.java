package io.dockyard.reconciler.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The probe's own HTTP/1.1: what it sends, and each way an answer's body can be framed or be wrong. */
class ProbeHttpTest {

    @Test
    void sendsAGetWithTheHostAndAsksForCloseOnlyOnTheLastRequest() throws IOException {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        ProbeHttp.get(answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK"), sent, "10.0.0.4:2376", "/_ping", false);
        assertThat(sent.toString(StandardCharsets.US_ASCII))
                .startsWith("GET /_ping HTTP/1.1\r\nHost: 10.0.0.4:2376\r\n").endsWith("\r\n\r\n")
                .doesNotContain("Connection: close");

        ByteArrayOutputStream last = new ByteArrayOutputStream();
        ProbeHttp.get(answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"), last, "h:1", "/version", true);
        assertThat(last.toString(StandardCharsets.US_ASCII)).contains("\r\nConnection: close\r\n");
    }

    @Test
    void readsABodySizedByContentLengthAndLeavesTheNextAnswerUnread() throws IOException {
        InputStream in = answer("HTTP/1.1 200 OK\r\ncontent-length: 2\r\nApi-Version: 1.47\r\n\r\nOK"
                + "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        assertThat(ProbeHttp.read(in)).isEqualTo(new ProbeHttp.Response(200, "OK"));
        assertThat(ProbeHttp.read(in)).isEqualTo(new ProbeHttp.Response(404, ""));
    }

    @Test
    void joinsChunksAndSkipsTrailers() throws IOException {
        InputStream in = answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "b;ext=1\r\n{\"Version\":\r\n9\r\n\"27.5.1\"}\r\n0\r\nX-Trailer: y\r\n\r\n");
        assertThat(ProbeHttp.read(in).body()).isEqualTo("{\"Version\":\"27.5.1\"}");
    }

    @Test
    void readsABodyWithoutLengthUpToTheClose() throws IOException {
        assertThat(ProbeHttp.read(answer("HTTP/1.0 200 OK\n\nOK")).body()).isEqualTo("OK");
    }

    @Test
    void anEmptyAnswerHasNoBodyEvenWithoutALength() throws IOException {
        assertThat(ProbeHttp.read(answer("HTTP/1.1 204 No Content\r\n\r\n"))).isEqualTo(new ProbeHttp.Response(204, ""));
    }

    @Test
    void refusesBodiesLargerThanAProbeReads() {
        String big = "x".repeat(ProbeHttp.MAX_BODY + 1);
        assertThatThrownBy(() -> ProbeHttp.read(answer("HTTP/1.1 200 OK\r\nContent-Length: " + big.length()
                + "\r\n\r\n" + big))).isInstanceOf(IOException.class).hasMessageContaining("more than a probe reads");
        assertThatThrownBy(() -> ProbeHttp.read(answer("HTTP/1.1 200 OK\r\n\r\n" + big)))
                .isInstanceOf(IOException.class).hasMessageContaining("more than");
        assertThatThrownBy(() -> ProbeHttp.read(answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("more than");
    }

    @Test
    void refusesWhatIsNotHttpAndShowsItPrintably() {
        assertThatThrownBy(() -> ProbeHttp.read(answer("SSH-2.0-OpenSSH\u0007\r\n\r\n")))
                .isInstanceOf(IOException.class).hasMessage("not an HTTP/1.x answer: SSH-2.0-OpenSSH?");
        assertThatThrownBy(() -> ProbeHttp.read(answer("HTTP/1.1 abc\r\n\r\n")))
                .isInstanceOf(IOException.class).hasMessageStartingWith("not an HTTP status");
    }

    @Test
    void aConnectionThatClosesEarlyIsAnError() {
        assertThatThrownBy(() -> ProbeHttp.read(answer(""))).hasMessage("the connection closed without an answer");
        assertThatThrownBy(() -> ProbeHttp.read(answer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nOK")))
                .hasMessage("the connection closed inside the body");
        assertThatThrownBy(() -> ProbeHttp.read(answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nOK"))).hasMessage("the connection closed inside a chunk");
    }

    private static InputStream answer(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
