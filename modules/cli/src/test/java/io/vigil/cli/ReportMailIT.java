package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vigil.testkit.TlsFixture;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil report --mail}: the weekly summary reaches a mailbox over implicit TLS, with its files. */
class ReportMailIT {

    @TempDir
    Path dir;

    @Test
    void theReportIsMailedWithTheChannelOfTheNotifiersConfig() throws Exception {
        TlsFixture tls = TlsFixture.create(dir);
        System.setProperty("greenmail.tls.keystore.file", tls.keystore().toString());
        System.setProperty("greenmail.tls.keystore.password", TlsFixture.PASSWORD);
        System.setProperty("greenmail.tls.key.password", TlsFixture.PASSWORD);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
        mail.setUser("vigil@example-care.org", "vigil", "s3cret-password");
        mail.start();
        try {
            Path alerts = Files.writeString(dir.resolve("alerts.jsonl"),
                    ReportCommandTest.alert("a1", "port_scan", "high", "clinic-north", "2026-11-02T09:01:30Z") + "\n");
            Path pw = Files.writeString(dir.resolve("smtp.pass"), "s3cret-password");
            Path config = Files.writeString(dir.resolve("notifier.yaml"), String.join("\n",
                    "channels:",
                    "  managers:",
                    "    type: email",
                    "    host: localhost",
                    "    port: " + port,
                    "    security: implicit",
                    "    username: vigil",
                    "    password: ${file:" + pw + "}",
                    "    from: vigil@example-care.org",
                    "    to: [it-manager@example-care.org]",
                    "    truststore: " + tls.truststore(),
                    "    truststore-password: " + TlsFixture.PASSWORD,
                    ""));
            CliRun r = CliRun.of("report", "--alerts", alerts.toString(), "--out", dir.resolve("out").toString(),
                    "--mail", config.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.err()).contains("mailed clinic-north 2026-W45 with channel managers");
            MimeMessage[] got = mail.getReceivedMessages();
            assertThat(got).hasSize(1);
            assertThat(got[0].getSubject()).isEqualTo("[Vigil] weekly summary: clinic-north 2026-W45");
            assertThat(got[0].getAllRecipients()[0].toString()).isEqualTo("it-manager@example-care.org");
            MimeMultipart mixed = (MimeMultipart) got[0].getContent();
            MimeMultipart body = (MimeMultipart) mixed.getBodyPart(0).getContent();
            assertThat(((String) body.getBodyPart(0).getContent()).replace("\r\n", "\n"))
                    .startsWith("Vigil weekly summary: clinic-north, week 2026-W45\n\nVigil raised 1 alert for clinic-north in "
                            + "week 2026-W45 (0 the week before). 1 was high or critical and needs a look: port scan from "
                            + "198.51.100.23")
                    .contains("\n\n1 alerts raised");
            assertThat((String) body.getBodyPart(1).getContent()).contains("<svg");
            List<String> files = new ArrayList<>();
            for (int i = 1; i < mixed.getCount(); i++) {
                assertThat(mixed.getBodyPart(i).getDisposition()).isEqualTo(Part.ATTACHMENT);
                files.add(mixed.getBodyPart(i).getFileName());
            }
            assertThat(files).containsExactly("vigil-clinic-north-2026-W45.html", "vigil-clinic-north-2026-W45.csv",
                    "vigil-clinic-north-2026-W45.json");
        } finally {
            mail.stop();
        }
    }

    @Test
    void aConfigWithoutAnEmailChannelIsOneLine() throws Exception {
        Path config = Files.writeString(dir.resolve("n.yaml"), "channels:\n  screen: {type: console}\n");
        CliRun r = CliRun.of("report", "--alerts", dir.resolve("none.jsonl").toString(), "--out", dir.toString(),
                "--mail", config.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).isEqualTo("vigil: --mail " + config + ": no e-mail channel");
    }
}
