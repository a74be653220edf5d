package io.vigil.cli.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.cli.runtime.OpsServer;
import io.vigil.model.Topics;
import io.vigil.model.WeeklySummary;
import io.vigil.notifier.channel.EmailChannel;
import io.vigil.runtime.config.ConfigTree;
import io.vigil.runtime.config.Setting;
import java.io.PrintStream;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code vigil standalone}'s file: its own settings ({@link StandaloneKeys}) and the
 * roles' sections (collector, detector, notifier, console), each read by the role's own reader, so a section means in the appliance
 * what the same settings mean in a role's file. Every problem of every part is listed at once.
 */
public final class StandaloneSettings {

    /** What was read: each role's settings, the broker's, the report schedule and the one metrics endpoint. */
    public record Loaded(Setting.Values own, Topics topics, CollectorSettings.Loaded collector,
                         DetectorSettings.Loaded detector, NotifierSettings.Loaded notifier, ConsoleSettings.Loaded console,
                         OpsServer.Settings ops,
                         DayOfWeek reportDay, LocalTime reportTime,
                         Map<String, WeeklySummary.Capacity> capacities, List<String> problems,
                         ObjectNode effective) {}

    private StandaloneSettings() {}

    public static Loaded read(ConfigTree t, PrintStream console, boolean color) {
        Setting.Values own = Setting.Values.read(t, StandaloneKeys.ALL);
        List<String> problems = new ArrayList<>();
        Topics topics = CommonKeys.topics(own, problems);
        ConfigTree ct = role(t, "collector", problems);
        ConfigTree dt = role(t, "detector", problems);
        ConfigTree nt = role(t, "notifier", problems);
        ConfigTree wt = role(t, "console", problems);
        CollectorSettings.Loaded collector = CollectorSettings.read(ct);
        DetectorSettings.Loaded detector = DetectorSettings.read(dt, DetectorSettings.sites(dt));
        NotifierSettings.Loaded notifier = NotifierSettings.read(nt, console, color);
        // the appliance makes the console's certificate and first admin when the section names none
        ConsoleSettings.Loaded web = ConsoleSettings.read(wt, true);
        OpsServer.Settings ops = CommonKeys.ops(own);
        problems.addAll(ops.problems());
        DayOfWeek day = DayOfWeek.MONDAY;
        LocalTime time = LocalTime.of(6, 0);
        String[] at = own.get(StandaloneKeys.REPORT_AT).trim().split("\\s+");
        try {
            day = DayOfWeek.valueOf(at[0].toUpperCase(Locale.ROOT));
            time = LocalTime.parse(at.length > 1 ? at[1] : "06:00");
        } catch (IllegalArgumentException | DateTimeParseException e) {
            problems.add("report.at: '" + String.join(" ", at) + "' is not a day and a time, like MONDAY 06:00");
        }
        String mail = own.get(StandaloneKeys.REPORT_MAIL_CHANNEL);
        if (mail != null && notifier.channels().stream().noneMatch(c -> c.name().equals(mail)
                && c instanceof EmailChannel)) {
            problems.add("report.mail-channel: '" + mail + "' is not an e-mail channel of the notifier section");
        }
        List<String> sources = own.get(StandaloneKeys.INTEL_SOURCES);
        for (int i = 0; i < sources.size(); i++) {
            String src = sources.get(i);
            if (src.contains("://") && !src.startsWith("https://")) {
                problems.add("intel.sources." + i + ": '" + src + "': only files and https URLs (TLS 1.2 or later) are read");
            }
        }
        if (own.get(StandaloneKeys.INTEL_EVERY).toMinutes() < 1) problems.add("intel.every: must be a minute or more");
        List<String> all = new ArrayList<>(t.problems());
        all.addAll(t.located(problems));
        all.addAll(collector.problems());
        all.addAll(detector.problems());
        all.addAll(notifier.problems());
        all.addAll(web.problems());
        ObjectNode effective = own.effective();
        effective.set("collector", without(collector.effective()));
        effective.set("detector", without(detector.effective()));
        effective.set("notifier", without(notifier.effective()));
        effective.set("console", without(web.effective()));
        return new Loaded(own, topics, collector, detector, notifier, web, ops, day, time, Capacities.read(dt), all, effective);
    }

    /** A role's section; what the appliance sets once for all roles may not be set in it. */
    private static ConfigTree role(ConfigTree t, String name, List<String> problems) {
        ConfigTree c = t.child(name);
        for (String key : StandaloneKeys.SET_ONCE) {
            if (c.keys("").contains(key)) {
                problems.add(name + "." + key + ": the appliance sets this once for every role; write it at the top");
            }
        }
        return c;
    }

    private static ObjectNode without(ObjectNode roleEffective) {
        ObjectNode copy = roleEffective.deepCopy();
        StandaloneKeys.SET_ONCE.forEach(copy::remove);
        return copy;
    }
}
