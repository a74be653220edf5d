package io.vigil.cli;

import io.vigil.cli.config.CollectorKeys;
import io.vigil.cli.config.ConsoleKeys;
import io.vigil.cli.config.DetectorKeys;
import io.vigil.cli.config.NotifierKeys;
import io.vigil.runtime.config.ConfigTree;
import io.vigil.runtime.config.Setting;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * The flags of a role, made from its declared settings (a picocli model transformer, named in
 * the role's {@code @Command}): each setting that names a {@link Setting.Flag} becomes an
 * option whose help is the setting's meaning, file key and default, so a flag cannot drift
 * from the key it sets. {@link RoleOptions#tree} hands what was given to the settings.
 */
final class SettingFlags implements CommandLine.IModelTransformer {

    /** Each role's settings, by its command's name. */
    private static final Map<String, List<Setting<?>>> ROLES = Map.of("collector", CollectorKeys.ALL,
            "detector", DetectorKeys.ALL, "notifier", NotifierKeys.ALL, "console", ConsoleKeys.ALL);

    @Override
    public CommandSpec transform(CommandSpec spec) {
        for (Setting<?> s : ROLES.getOrDefault(spec.name(), List.of())) {
            if (s.flag() != null) spec.addOption(option(s));
        }
        return spec;
    }

    private static OptionSpec option(Setting<?> s) {
        String help = s.kind() == Setting.Kind.FLAG ? s.help() + (off(s) ? "; this flag turns it off" : "; this flag turns it on")
                : s.help();
        OptionSpec.Builder b = OptionSpec.builder(s.flag().name()).description(help).userObject(s);
        if (s.flag().label() != null) b.paramLabel(s.flag().label());
        return switch (s.kind()) {
            case FLAG -> b.arity("0").type(boolean.class).build();
            // typed here so that picocli names the flag in its one-line error
            case NUMBER -> b.type(Integer.class).build();
            case LIST -> b.type(List.class).auxiliaryTypes(String.class).arity("1..*").build();
            default -> b.type(String.class).build();
        };
    }

    /** Sets on {@code tree} the settings whose flags were given to {@code spec}'s command. */
    static void apply(CommandSpec spec, ConfigTree tree) {
        for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (!(o.userObject() instanceof Setting<?> s)) continue;
            // a switch sets the setting on, or off where it is named --no-…
            tree.set(s, s.kind() == Setting.Kind.FLAG ? !off(s) : o.getValue());
        }
    }

    private static boolean off(Setting<?> s) {
        return s.flag().name().startsWith("--no-");
    }
}
