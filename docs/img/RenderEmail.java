import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Severity;
import io.vigil.notifier.channel.EmailChannel;
import io.vigil.notifier.channel.Notice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes the HTML part of a port-scan alert e-mail, for docs/img/screenshots.sh. */
public class RenderEmail {
    public static void main(String[] args) throws Exception {
        Instant t = Instant.parse("2026-11-02T09:01:30Z");
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("distinct_ports", 200);
        evidence.put("failed_attempts", 198);
        evidence.put("open_ports", List.of(80, 443));
        evidence.put("sample_ports", List.of(21, 22, 23, 25, 53, 110, 135, 139, 445, 3389));
        Alert a = new Alert(Alert.VERSION, "d26a144c-8812-3a43-9d54-5b5bb0a0a9b1", AlertType.PORT_SCAN, Severity.HIGH,
                Alert.ACTIVE, "clinic-north", "198.51.100.23", "10.10.1.10", List.of("10.10.1.10"), t, t.plusSeconds(4),
                t.plusSeconds(1), t.plusSeconds(1), 13.3, 200, new Alert.Baseline(15, 0, 0),
                "198.51.100.23 probed 200 ports on 10.10.1.10 (open: 80, 443); block the source at the perimeter if it "
                        + "is not an authorised scanner, and check the open ports are meant to be.", evidence, List.of("T1046"));
        Notice n = Notice.of("raised", a, "soc");
        String subject = "Subject: [Vigil HIGH] port_scan at clinic-north from 198.51.100.23";
        String html = EmailChannel.html(n).replace("<body style=\"font-family:sans-serif\">",
                "<body style=\"font-family:sans-serif;margin:24px\"><p style=\"color:#666\">" + subject + "</p>");
        Files.writeString(Path.of(args[0]), html);
    }
}
