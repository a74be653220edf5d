package io.vigil.cli;

import io.vigil.cli.runtime.Shutdown;
import io.vigil.runtime.config.ConfigException;
import java.io.PrintWriter;
import java.util.List;
import java.util.ServiceLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/** The {@code vigil} command: one subcommand per role and per offline task. */
@Command(name = "vigil", mixinStandardHelpOptions = true, versionProvider = Vigil.Version.class,
        description = {
                "Anomalous network traffic detection for health and social care sites.",
                "Without --bootstrap every command runs on an in-process Kafka broker."},
        commandListHeading = "%nCommands:%n",
        footer = {"", "Roles: collector (gateway capture → Kafka), detector (Kafka Streams → alerts), "
                + "notifier (alerts → people), console (the analysts' web page).",
                "Exit status: 0 ok, 1 Vigil failed, 2 user error (nothing done), 3 damaged input (partial result)."})
public final class Vigil implements Runnable {

    /** The subcommands, in the order the usage lists them; then the plugins. */
    private static final List<Class<?>> COMMANDS = List.of(
            DemoCommand.class, AnalyzeCommand.class, FlowsCommand.class, SimulateCommand.class,
            StandaloneCommand.class, CollectorCommand.class, TopicsCommand.class, AclsCommand.class, DetectorCommand.class,
            NotifierCommand.class, ConsoleCommand.class, ConsoleUserCommand.class, AuditCommand.class, EvidenceCommand.class,
            ReportCommand.class, HealthCommand.class, BrokerCommand.class, IntelCommand.class, CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Shutdown.stopOfflineOnSignal();
        int code;
        try {
            code = execute(args);
        } finally {
            // A role stopped by SIGTERM has closed everything by now; let the JVM finish exiting.
            Shutdown.closed();
        }
        System.exit(code);
    }

    /** Runs a command line and returns its exit status; never exits the JVM (tests call this). */
    public static int execute(String... args) {
        CommandLine cmd = new CommandLine(new Vigil());
        addSubcommands(cmd, args.length > 0 ? args[0] : null);
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof UserException u) {
                err.println("vigil: " + u.getMessage());
                err.flush();
                return u.exitCode();
            }
            if (e instanceof ConfigException c) {
                err.println("vigil: " + c.getMessage());
                err.flush();
                return ExitCodes.USAGE;
            }
            if (Shutdown.STOPPING.get()) {
                err.println("vigil: stopped; temporary state and broker files removed");
                err.flush();
                return 143;
            }
            err.println("vigil: failed: " + describe(e));
            if (System.getenv("VIGIL_DEBUG") != null) e.printStackTrace(err);
            else err.println("vigil: set VIGIL_DEBUG=1 for the stack trace");
            err.flush();
            return ExitCodes.FAILURE;
        });
        cmd.setParameterExceptionHandler((ParameterException e, String[] a) -> {
            PrintWriter err = e.getCommandLine().getErr();
            String name = qualified(e.getCommandLine());
            String vigil = name.isEmpty() ? "vigil" : "vigil " + name;
            err.println(vigil + ": " + e.getMessage() + " (see " + vigil + " --help)");
            err.flush();
            return ExitCodes.USAGE;
        });
        return cmd.execute(args);
    }

    /**
     * Adds only the subcommand {@code first} names, when it names one; else all of them, for
     * the usage, {@code help} and picocli's suggestions. Why: picocli reads every command's
     * options by reflection when it is added, and the whole tree took 0.35 s of each command's
     * start — a third of {@code vigil flows} on a small capture. Plugins are matched by their
     * class's {@code @Command} name, so an unused one is never instantiated. Each is added as a
     * {@code CommandLine} of its own: picocli applies a command's model transformer (the
     * settings' flags) only when a {@code CommandLine} is made, not when a class is added.
     */
    private static void addSubcommands(CommandLine cmd, String first) {
        for (Class<?> c : COMMANDS) {
            if (first != null && first.equals(nameOf(c)) && c != CommandLine.HelpCommand.class) {
                cmd.addSubcommand(new CommandLine(c));
                return;
            }
        }
        for (ServiceLoader.Provider<Plugin> p : ServiceLoader.load(Plugin.class).stream().toList()) {
            if (first != null && first.equals(nameOf(p.type()))) {
                cmd.addSubcommand(new CommandLine(p.get()));
                return;
            }
        }
        for (Class<?> c : COMMANDS) cmd.addSubcommand(new CommandLine(c));
        for (Plugin p : ServiceLoader.load(Plugin.class)) cmd.addSubcommand(new CommandLine(p));
    }

    private static String nameOf(Class<?> c) {
        Command a = c.getAnnotation(Command.class);
        return a == null ? null : a.name();
    }

    private static String qualified(CommandLine c) {
        StringBuilder sb = new StringBuilder();
        for (CommandLine x = c; x != null && x.getParent() != null; x = x.getParent()) {
            sb.insert(0, x.getCommandName() + " ");
        }
        return sb.toString().trim();
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Vigil.class.getPackage().getImplementationVersion();
            return new String[] {"vigil " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
