package io.vigil.collector.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @TempDir
    Path dir;

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<String> values(List<Spool.Entry> entries) {
        List<String> out = new ArrayList<>();
        for (Spool.Entry e : entries) out.add(new String(e.value(), StandardCharsets.UTF_8));
        return out;
    }

    @Test
    void entriesComeOutInOrderAcrossSegmentsAndSurviveAReopen() throws Exception {
        // given 100 entries in segments of ~1 KB
        Spool spool = new Spool(dir, 1 << 20, 1024);
        for (int i = 0; i < 100; i++) assertThat(spool.append(b("k" + i), b("value-" + i), i)).isTrue();
        assertThat(spool.depth()).isEqualTo(100);
        assertThat(segmentFiles()).isGreaterThanOrEqualTo(3);

        // when 30 are delivered and the process goes away
        List<Spool.Entry> first = spool.peek(30);
        assertThat(values(first)).startsWith("value-0", "value-1").endsWith("value-29");
        assertThat(first.get(5).timestamp()).isEqualTo(5);
        assertThat(new String(first.get(5).key(), StandardCharsets.UTF_8)).isEqualTo("k5");
        spool.remove(first);
        spool.close();

        // then a new spool on the same directory holds exactly the other 70, in order
        Spool again = new Spool(dir, 1 << 20, 1024);
        assertThat(again.depth()).isEqualTo(70);
        List<Spool.Entry> rest = again.peek(1000);
        assertThat(values(rest)).hasSize(70).startsWith("value-30").endsWith("value-99");
        again.remove(rest);
        assertThat(again.isEmpty()).isTrue();
        assertThat(again.bytes()).isZero();
        assertThat(segmentFiles()).isEqualTo(1);
        again.close();
    }

    @Test
    void aTornLastEntryIsCutOffOnReopen() throws Exception {
        Spool spool = new Spool(dir, 1 << 20, 1 << 20);
        for (int i = 0; i < 10; i++) spool.append(b("k"), b("v" + i), i);
        spool.close();
        Path seg;
        try (Stream<Path> s = Files.list(dir)) {
            seg = s.filter(p -> p.toString().endsWith(".spool")).findFirst().orElseThrow();
        }
        // a crash half-way through an eleventh entry
        Files.write(seg, new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND);

        Spool again = new Spool(dir, 1 << 20, 1 << 20);
        assertThat(again.depth()).isEqualTo(10);
        again.append(b("k"), b("v10"), 10);
        assertThat(values(again.peek(100))).hasSize(11).endsWith("v9", "v10");
        again.close();
    }

    @Test
    void aFullSpoolRefusesAndCounts() {
        Spool spool = new Spool(dir, 200, 1 << 20);
        int kept = 0;
        for (int i = 0; i < 20; i++) {
            if (spool.append(b("key"), b("0123456789"), i)) kept++;
        }
        assertThat(kept).isEqualTo(200 / (20 + 3 + 10));
        assertThat(spool.refused()).isEqualTo(20 - kept);
        spool.remove(spool.peek(2));
        assertThat(spool.append(b("key"), b("0123456789"), 99)).isTrue();
        spool.close();
    }

    private long segmentFiles() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".spool")).count();
        }
    }
}
