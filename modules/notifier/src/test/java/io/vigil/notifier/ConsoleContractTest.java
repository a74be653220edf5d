package io.vigil.notifier;

import io.vigil.notifier.channel.Channel;
import io.vigil.notifier.channel.ConsoleChannel;
import io.vigil.notifier.channel.Notice;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.assertj.core.api.Assertions;

/** The console channel: a line per notice on a stream (it has no receiver to lose). */
class ConsoleContractTest extends ChannelContract {

    ByteArrayOutputStream out;

    @Override
    Channel start() {
        out = new ByteArrayOutputStream();
        return new ConsoleChannel("console", new PrintStream(out, true, StandardCharsets.UTF_8), false);
    }

    @Override
    List<String> received() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Override
    boolean takeReceiverAway() {
        return false;
    }

    @Override
    void stop() {}

    @org.junit.jupiter.api.Test
    void aLineNamesSeverityTypeSiteAndDirection() throws Exception {
        channel.deliver(Notice.of("raised", alert("console-1", "x"), "soc"));
        Assertions.assertThat(await(1)).singleElement().asString()
                .contains("HIGH", "port_scan site=clinic-north 198.51.100.23 -> 10.10.1.10");
    }
}
