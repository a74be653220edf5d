package io.vigil.intel;

import io.vigil.model.Indicator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV or plain line list, as bulletins and community feeds publish them. When the first row
 * names its columns (an {@code indicator}, {@code value}, {@code ioc}, {@code ip},
 * {@code domain} or {@code url} column, and any of {@code confidence}, {@code description},
 * {@code reference}, {@code valid_until}, {@code attack}), they are read by name, in any order,
 * other columns ignored; otherwise by place: value, confidence, description. Each line is parsed
 * on its own (an indicator never spans lines), so an unbalanced quote costs one line, not the
 * rest of the file. {@code #} starts a comment line, and ends a plain entry ({@code 192.0.2.1 # C2}).
 */
final class CsvList {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setTrim(true).setIgnoreSurroundingSpaces(true).get();
    private static final Map<String, List<String>> COLUMNS = Map.of(
            "value", List.of("indicator", "value", "ioc", "observable", "ip", "ip_address", "address", "domain", "url", "host"),
            "confidence", List.of("confidence", "score"),
            "description", List.of("description", "comment", "name", "threat", "malware"),
            "reference", List.of("reference", "link", "source_url"),
            "valid_until", List.of("valid_until", "expires", "expiry", "expiration"),
            "attack", List.of("attack", "mitre", "technique", "techniques"));
    private static final Pattern ATTACK_ID = Pattern.compile("\\bT\\d{4}(?:\\.\\d{3})?\\b");

    private CsvList() {}

    static IndicatorSources.Parsed read(String source, String text) {
        List<Indicator> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        Map<String, Integer> columns = null;
        boolean first = true;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String where = "line " + (i + 1);
            List<String> f;
            try {
                f = fields(line);
            } catch (IllegalArgumentException e) {
                skipped.add(where + ": " + e.getMessage());
                continue;
            }
            if (first) {
                first = false;
                columns = header(f);
                if (columns != null) continue;
            }
            try {
                Indicator ind = columns == null ? byPlace(source, f) : byName(source, f, columns);
                List<String> p = ind.problems();
                if (p.isEmpty()) out.add(ind);
                else skipped.add(where + ": " + String.join("; ", p));
            } catch (IllegalArgumentException e) {
                skipped.add(where + ": " + e.getMessage());
            }
        }
        return new IndicatorSources.Parsed(columns == null ? "lines" : "csv", out, skipped);
    }

    private static List<String> fields(String line) {
        if (line.indexOf(',') < 0) { // a plain list: the value, perhaps with a trailing comment
            int hash = line.indexOf(" #");
            return List.of((hash < 0 ? line : line.substring(0, hash)).strip());
        }
        try (CSVParser p = CSVParser.parse(line, FORMAT)) {
            List<CSVRecord> records = p.getRecords();
            if (records.size() != 1) throw new IllegalArgumentException("not one CSV row");
            return records.get(0).toList();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new IllegalArgumentException("not a CSV row (" + e.getMessage() + ")");
        }
    }

    /** Column positions by role when {@code f} is a header row naming a value column; null otherwise. */
    private static Map<String, Integer> header(List<String> f) {
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < f.size(); i++) {
            String name = f.get(i).toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
            for (Map.Entry<String, List<String>> c : COLUMNS.entrySet()) {
                if (c.getValue().contains(name)) at.putIfAbsent(c.getKey(), i);
            }
        }
        return at.containsKey("value") ? at : null;
    }

    private static Indicator byPlace(String source, List<String> f) {
        return Indicator.of(f.get(0), source, confidence(f.size() > 1 ? f.get(1) : null), null, null,
                blankToNull(f.size() > 2 ? f.get(2) : null), null, List.of());
    }

    private static Indicator byName(String source, List<String> f, Map<String, Integer> at) {
        String value = get(f, at, "value");
        if (value == null) throw new IllegalArgumentException("no value in the indicator column");
        List<String> attack = new ArrayList<>();
        String a = get(f, at, "attack");
        if (a != null) {
            Matcher m = ATTACK_ID.matcher(a);
            while (m.find()) attack.add(m.group());
        }
        return Indicator.of(value, source, confidence(get(f, at, "confidence")), null, until(get(f, at, "valid_until")),
                get(f, at, "description"), get(f, at, "reference"), attack);
    }

    private static String get(List<String> f, Map<String, Integer> at, String role) {
        Integer i = at.get(role);
        return i == null || i >= f.size() ? null : blankToNull(f.get(i));
    }

    private static int confidence(String text) {
        if (text == null || text.isBlank()) return 50;
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("confidence '" + text + "' is not a whole number");
        }
    }

    private static Instant until(String text) {
        if (text == null) return null;
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("valid_until '" + text + "' is not a date (2026-12-31 or an ISO instant)");
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
