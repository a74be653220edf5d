package io.vigil.intel;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.model.Indicator;
import io.vigil.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a published indicator source into {@link Indicator}s: a STIX 2.1 bundle, a MISP event
 * (or a restSearch response of events), or a CSV / line list. An entry that is not a network
 * indicator, or is damaged, is skipped with its place and reason — never the whole file.
 */
public final class IndicatorSources {

    /** What a source gave: the indicators, and each entry skipped with where and why. */
    public record Parsed(String format, List<Indicator> indicators, List<String> skipped) {}

    // one comparison of a STIX pattern on a network value
    private static final Pattern COMPARISON = Pattern.compile(
            "(ipv4-addr|ipv6-addr|domain-name|url):value\\s*(=|ISSUBSET)\\s*'((?:[^'\\\\]|\\\\.)*)'");
    private static final Pattern ATTACK_ID = Pattern.compile("\\bT\\d{4}(?:\\.\\d{3})?\\b");

    private IndicatorSources() {}

    /** Reads {@code bytes} from the source named {@code source}, recognising its format by its shape. */
    public static Parsed read(String source, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        String head = text.stripLeading();
        if (head.startsWith("{") || head.startsWith("[")) {
            JsonNode root;
            try {
                root = Json.MAPPER.readTree(text);
            } catch (IOException e) {
                throw new IllegalArgumentException("not valid JSON: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            }
            if ("bundle".equals(root.path("type").asText())) return stix(source, root);
            if (root.has("Event") || root.has("response")) return misp(source, root);
            throw new IllegalArgumentException("JSON that is neither a STIX bundle nor a MISP event");
        }
        return CsvList.read(source, text);
    }

    // ---- STIX 2.1 ------------------------------------------------------------------------------

    static Parsed stix(String source, JsonNode bundle) {
        List<Indicator> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        JsonNode objects = bundle.path("objects");
        for (int i = 0; i < objects.size(); i++) {
            JsonNode o = objects.get(i);
            if (!"indicator".equals(o.path("type").asText())) continue; // identities, attack patterns, relationships
            String where = "objects[" + i + "] (" + o.path("id").asText("no id") + ")";
            String patternType = o.path("pattern_type").asText("stix");
            if (!patternType.equals("stix")) {
                skipped.add(where + ": pattern_type " + patternType + " is not STIX");
                continue;
            }
            String pattern = o.path("pattern").asText("");
            if (pattern.matches("(?s).*\\b(AND|FOLLOWEDBY)\\b.*")) {
                skipped.add(where + ": the pattern needs several observations together (" + shorten(pattern) + ")");
                continue;
            }
            Matcher m = COMPARISON.matcher(pattern);
            List<String> values = new ArrayList<>();
            while (m.find()) values.add(m.group(3).replace("\\'", "'").replace("\\\\", "\\"));
            if (values.isEmpty()) {
                skipped.add(where + ": no address, domain or URL in the pattern (" + shorten(pattern) + ")");
                continue;
            }
            Instant from = time(o.path("valid_from").asText(null)), until = time(o.path("valid_until").asText(null));
            int confidence = o.has("confidence") ? o.get("confidence").asInt(50) : 50;
            String description = o.path("name").asText(o.path("description").asText(null));
            String reference = null;
            List<String> attack = new ArrayList<>();
            for (JsonNode ref : o.path("external_references")) {
                String id = ref.path("external_id").asText("");
                if ("mitre-attack".equals(ref.path("source_name").asText()) && ATTACK_ID.matcher(id).matches()) attack.add(id);
                else if (reference == null) reference = ref.path("url").asText(null);
            }
            for (JsonNode phase : o.path("kill_chain_phases")) {
                Matcher a = ATTACK_ID.matcher(phase.path("phase_name").asText(""));
                if (a.find()) attack.add(a.group());
            }
            for (String v : values) {
                try {
                    out.add(Indicator.of(v, source, confidence, from, until, description,
                            reference == null ? o.path("id").asText(null) : reference, attack));
                } catch (IllegalArgumentException e) {
                    skipped.add(where + ": " + e.getMessage());
                }
            }
        }
        return new Parsed("stix", out, skipped);
    }

    // ---- MISP ----------------------------------------------------------------------------------

    static Parsed misp(String source, JsonNode root) {
        List<Indicator> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<JsonNode> events = new ArrayList<>();
        if (root.has("Event")) events.add(root.get("Event"));
        for (JsonNode r : root.path("response")) if (r.has("Event")) events.add(r.get("Event"));
        for (JsonNode e : events) {
            int confidence = switch (e.path("threat_level_id").asText("4")) {
                case "1" -> 90;
                case "2" -> 70;
                case "3" -> 50;
                default -> 30;
            };
            String reference = "misp:event/" + e.path("uuid").asText(e.path("id").asText("?"));
            Instant from = time(e.path("date").asText(null));
            List<String> attack = new ArrayList<>();
            for (JsonNode tag : e.path("Tag")) {
                Matcher a = ATTACK_ID.matcher(tag.path("name").asText(""));
                if (tag.path("name").asText("").contains("mitre-attack") && a.find()) attack.add(a.group());
            }
            List<JsonNode> attributes = new ArrayList<>();
            e.path("Attribute").forEach(attributes::add);
            for (JsonNode obj : e.path("Object")) obj.path("Attribute").forEach(attributes::add);
            for (int i = 0; i < attributes.size(); i++) {
                JsonNode a = attributes.get(i);
                String type = a.path("type").asText();
                String where = "event " + e.path("id").asText("?") + " attribute " + a.path("id").asText(String.valueOf(i))
                        + " (" + type + ")";
                if (!a.path("to_ids").asBoolean(false)) {
                    skipped.add(where + ": not marked for detection (to_ids is false)");
                    continue;
                }
                List<String> values = mispValues(type, a.path("value").asText(""));
                if (values == null) {
                    skipped.add(where + ": not a network indicator");
                    continue;
                }
                for (String v : values) {
                    try {
                        out.add(Indicator.of(v, source, confidence, from, null,
                                a.path("comment").asText("").isEmpty() ? e.path("info").asText(null) : a.path("comment").asText(),
                                reference, attack));
                    } catch (IllegalArgumentException x) {
                        skipped.add(where + ": " + x.getMessage());
                    }
                }
            }
        }
        return new Parsed("misp", out, skipped);
    }

    /** The network values of a MISP attribute, or null when its type carries none. */
    private static List<String> mispValues(String type, String value) {
        return switch (type) {
            case "ip-dst", "ip-src", "domain", "hostname", "url", "uri", "link" -> List.of(value);
            case "ip-dst|port", "ip-src|port", "hostname|port" -> List.of(value.split("\\|")[0]);
            case "domain|ip" -> List.of(value.split("\\|"));
            default -> null;
        };
    }

    // ---- CSV and line lists ------------------------------------------------------------------

    /** One indicator a line: {@code value[,confidence[,description]]}; {@code #} starts a comment. */
    private static Instant time(String text) {
        if (text == null || text.isBlank()) return null;
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static String shorten(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() > 80 ? one.substring(0, 77) + "..." : one.toLowerCase(Locale.ROOT).isEmpty() ? "empty" : one;
    }
}
