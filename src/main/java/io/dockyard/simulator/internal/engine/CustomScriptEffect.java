package io.dockyard.simulator.internal.engine;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Azure's Custom Script extension (v2) on a simulated VM: the payload's script runs on this machine
 * in a fresh sandbox that stands in for the VM's file system, with shims that turn
 * {@code systemctl restart docker} into starting the VM's engine from the files the script wrote.
 * Whatever engine is up when the script succeeds becomes the extension's effect.
 */
final class CustomScriptEffect {

    private static final int POLL_MILLIS = 25;
    private static final int POLLS_PER_PROCESS_SCAN = 8;
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final EngineSettings settings;
    private final EngineLauncher launcher;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private volatile boolean aborted;

    CustomScriptEffect(EngineSettings settings, EngineLauncher launcher) {
        this.settings = settings;
        this.launcher = launcher;
    }

    EffectResult run(ExtensionRun run) {
        ScriptPayload payload;
        try {
            payload = ScriptPayload.from(run.settings(), run.protectedSettings());
        } catch (ScriptPayload.InvalidPayloadException e) {
            return EffectResult.failed("Enable failed: " + e.getMessage());
        }
        Sandbox sandbox = Sandbox.create(settings.workDir(), run.vmName());
        ShimScripts.install(sandbox.bin(), settings.mode());
        DockerService service = new DockerService(launcher, run, sandbox, List.of());
        try {
            return runScript(payload, sandbox, service);
        } catch (RuntimeException | Error e) {
            service.stop();
            throw e;
        }
    }

    private EffectResult runScript(ScriptPayload payload, Sandbox sandbox, DockerService service) {
        Process process;
        try {
            process = start(payload, sandbox);
        } catch (IOException e) {
            return EffectResult.failed("Enable failed: cannot run the script: " + e.getMessage());
        }
        running.add(process);
        if (aborted) {
            ProcessTrees.kill(ProcessTrees.tree(process.toHandle()));
        }
        Outcome outcome;
        try {
            outcome = supervise(process, new ShimRequests(sandbox, service));
        } finally {
            running.remove(process);
        }
        String stdout = OutputTail.of(sandbox.stdout());
        String stderr = OutputTail.of(sandbox.stderr());
        String tails = "\n[stdout]\n" + stdout + "\n[stderr]\n" + stderr;
        if (outcome.timedOut() || outcome.interrupted() || outcome.exitCode() != 0) {
            service.stop();
            String reason = outcome.timedOut()
                    ? "script timed out after " + settings.scriptTimeout().toSeconds() + "s"
                    : outcome.interrupted() ? "the simulator interrupted the script"
                    : "failed to execute command: command terminated with exit status=" + outcome.exitCode();
            return new EffectResult(false, "Enable failed: " + reason + tails, stdout, stderr, null);
        }
        return new EffectResult(true, "Enable succeeded: " + tails, stdout, stderr, service.release());
    }

    private Process start(ScriptPayload payload, Sandbox sandbox) throws IOException {
        List<String> command;
        if (payload.script() != null) {
            Path script = sandbox.simulatorDir().resolve("script.sh");
            Files.write(script, payload.script());
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            command = List.of("bash", script.toString());
        } else {
            command = List.of("bash", "-c", payload.command());
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(sandbox.root().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(sandbox.stdout().toFile())
                .redirectError(sandbox.stderr().toFile());
        Map<String, String> env = builder.environment();
        Map<String, String> inherited = Map.copyOf(env);
        env.clear();
        env.put("PATH", sandbox.bin() + File.pathSeparator + inherited.getOrDefault("PATH", DEFAULT_PATH));
        copy(inherited, env, "HOME");
        copy(inherited, env, "LANG");
        env.put("DOCKYARD_ROOT", sandbox.root().toString());
        env.put("DOCKYARD_SKIP_INSTALL", "1");
        env.put("DOCKYARD_SHIM_TIMEOUT", Long.toString(settings.engineStartTimeout().toSeconds() + 45));
        if (settings.mode() == EngineMode.DOCKERD) {
            env.put("DOCKER_HOST", "unix://" + sandbox.dockerSocket());
            env.put("DOCKER_CONFIG", sandbox.dockerConfigDir().toString());
        }
        return builder.start();
    }

    private static void copy(Map<String, String> from, Map<String, String> to, String name) {
        if (from.containsKey(name)) {
            to.put(name, from.get(name));
        }
    }

    private record Outcome(int exitCode, boolean timedOut, boolean interrupted) {
    }

    /**
     * Waits for the script while answering its shims. Background processes it leaves behind are
     * killed when it ends: on a VM they would live on, here they would outlive the simulator.
     */
    private Outcome supervise(Process process, ShimRequests requests) {
        long deadline = System.nanoTime() + settings.scriptTimeout().toNanos();
        Set<ProcessHandle> seen = new LinkedHashSet<>();
        boolean timedOut = false;
        boolean interrupted = false;
        try {
            for (int poll = 0; !process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS); poll++) {
                requests.answerPending();
                if (poll % POLLS_PER_PROCESS_SCAN == 0) {
                    process.descendants().forEach(seen::add);
                }
                if (System.nanoTime() > deadline) {
                    timedOut = true;
                    break;
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
            Thread.currentThread().interrupt();
        }
        if (process.isAlive()) {
            seen.addAll(ProcessTrees.tree(process.toHandle()));
        }
        ProcessTrees.kill(seen);
        ProcessTrees.kill(List.of(process.toHandle()));
        requests.discardPending();
        boolean exited;
        try {
            exited = process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            interrupted = true;
            exited = !process.isAlive();
        }
        return new Outcome(exited ? process.exitValue() : -1, timedOut, interrupted);
    }

    /** Kills every script still running and any started from now on, e.g. when the simulator shuts down. */
    void abortAll() {
        aborted = true;
        for (Process process : running) {
            ProcessTrees.kill(ProcessTrees.tree(process.toHandle()));
        }
    }
}
