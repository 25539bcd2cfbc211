package io.dockyard.simulator.internal.engine;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reads the end of a log file, as Azure shows only the last few KiB of an extension's output. */
final class OutputTail {

    static final int LIMIT = 4096;

    private OutputTail() {
    }

    /** The last {@code limit} bytes of {@code file} as text; empty if the file is missing. */
    static String of(Path file, int limit) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int size = (int) Math.min(length, limit);
            byte[] bytes = new byte[size];
            in.seek(length - size);
            in.readFully(bytes);
            int start = 0;
            if (size < length) {
                while (start < size && (bytes[start] & 0xc0) == 0x80) {
                    start++;
                }
            }
            return new String(bytes, start, size - start, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static String of(Path file) {
        return of(file, LIMIT);
    }
}
