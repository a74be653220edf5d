package io.vigil.cli;

import io.vigil.cli.runtime.ApplianceConsole;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.RoleRunner;
import io.vigil.cli.runtime.Shutdown;
import io.vigil.console.Console;
import io.vigil.console.ConsoleConfig;
import io.vigil.model.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code vigil demo --console}: after the demo's pipeline has run, the console on the same
 * broker, so a newcomer sees the port scan in a browser — with a certificate and an admin made
 * for this demo alone (its password is printed: it lives as long as the demo does).
 */
final class DemoConsole {

    static final int PORT = 9443;

    private DemoConsole() {}

    static void run(KafkaEndpoint kafka, Path dir, PrintStream out, boolean color) throws Exception {
        ConsoleConfig base = new ConsoleConfig(Topics.DEFAULT, "127.0.0.1", free(PORT) ? PORT : 0, null, null, null, null,
                null, Duration.ofHours(12), Duration.ofHours(12), Duration.ofDays(3650), 5, Duration.ofMinutes(15), null);
        ApplianceConsole.Prepared p = ApplianceConsole.prepare(base, dir);
        try (Console c = RoleRunner.started(new Console(p.config(), kafka.clientProps()))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!c.ready() && System.nanoTime() < deadline) Thread.sleep(50);
            String password = Files.readString(p.passwordFile(), StandardCharsets.UTF_8).strip();
            out.println();
            out.println((color ? "\u001b[1m" : "") + "  console   " + c.url() + (color ? "\u001b[0m" : ""));
            out.println("            sign in as admin with password " + password);
            out.println("            (its certificate is from a CA made for this demo: the browser will warn once)");
            out.println("            the port scan is in the queue; open it, acknowledge it, close it, suppress it.");
            out.println("            Ctrl-C to stop; everything the demo made is removed.");
            Shutdown.awaitShutdown();
        }
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
