package io.dockyard.simulator.internal.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends processes the simulator started, children included: politely (SIGTERM) with a grace period,
 * then forcibly. Descendants are listed before the parent is signalled, because once it is gone
 * they are re-parented and can no longer be found through it.
 */
final class ProcessTrees {

    private ProcessTrees() {
    }

    /** The process and everything below it, the process first. */
    static List<ProcessHandle> tree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        return all;
    }

    /** SIGTERMs {@code first}, waits up to {@code grace} for it, then SIGTERMs and finally SIGKILLs the rest. */
    static void terminate(ProcessHandle first, Collection<ProcessHandle> others, Duration grace) {
        first.destroy();
        awaitExit(List.of(first), grace);
        List<ProcessHandle> rest = others.stream().filter(ProcessHandle::isAlive).toList();
        rest.forEach(ProcessHandle::destroy);
        awaitExit(rest, Duration.ofSeconds(2));
        kill(List.of(first));
        kill(rest);
    }

    /** SIGKILLs every process that is still alive and waits briefly for them to be gone. */
    static void kill(Collection<ProcessHandle> processes) {
        List<ProcessHandle> alive = processes.stream().filter(ProcessHandle::isAlive).toList();
        alive.forEach(ProcessHandle::destroyForcibly);
        awaitExit(alive, Duration.ofSeconds(5));
    }

    static boolean awaitExit(Collection<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle process : processes) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return processes.stream().noneMatch(ProcessHandle::isAlive);
            }
            CompletableFuture<ProcessHandle> exit = process.onExit();
            try {
                exit.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // checked below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return processes.stream().noneMatch(ProcessHandle::isAlive);
    }

    /** Live processes whose command line mentions {@code marker}, e.g. a private directory. */
    static List<ProcessHandle> mentioning(String marker) {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> p.info().commandLine().map(line -> line.contains(marker)).orElse(false))
                .toList();
    }
}
