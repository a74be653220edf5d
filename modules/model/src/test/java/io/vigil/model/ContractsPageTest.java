package io.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/contracts.md names every field each record writes: a field added to a record and not to
 * its section of the page fails here (the page is what a SIEM or a script relies on).
 */
class ContractsPageTest {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @ParameterizedTest(name = "{0}")
    @ValueSource(classes = {FlowRecord.class, Alert.class, NotificationAttempt.class, TriageAction.class,
            Suppression.class, ConsoleEvent.class, Heartbeat.class, Indicator.class, SiteTraffic.class,
            EvidenceRequest.class, EvidenceChunk.class})
    void thePageNamesEveryFieldTheRecordWrites(Class<?> record) throws Exception {
        String page = Files.readString(Path.of("../../docs/contracts.md"));
        String heading = "\n## " + record.getSimpleName() + "\n";
        assertThat(page).as("docs/contracts.md has a section " + heading.trim()).contains(heading);
        int start = page.indexOf(heading) + heading.length();
        int end = page.indexOf("\n## ", start);
        String section = page.substring(start, end < 0 ? page.length() : end);
        Set<String> named = new HashSet<>();
        // the page's opening says every record has its schema version, `v`
        if (page.substring(0, page.indexOf("\n## ")).contains("`v`")) named.add("v");
        Matcher m = CODE.matcher(section);
        while (m.find()) {
            for (String word : m.group(1).split("[,\\s]+")) named.add(word);
        }

        assertThat(named).as("fields of " + record.getSimpleName() + " named in docs/contracts.md")
                .containsAll(fields(record));
    }

    /** The names the record's JSON uses (Jackson's view of it, as every role writes it). */
    private static List<String> fields(Class<?> record) {
        BeanDescription d = Json.MAPPER.getSerializationConfig().introspect(Json.MAPPER.constructType(record));
        return d.findProperties().stream().filter(BeanPropertyDefinition::couldSerialize)
                .map(BeanPropertyDefinition::getName).toList();
    }
}
