package io.vigil.cli;

import io.vigil.model.Topics;
import io.vigil.notifier.Notifier;
import io.vigil.notifier.NotifierConfig;
import io.vigil.notifier.channel.Channel;
import io.vigil.notifier.channel.ConsoleChannel;
import io.vigil.notifier.channel.WebhookChannel;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil notifier}: delivers alerts to people, until stopped. */
@Command(name = "notifier", mixinStandardHelpOptions = true,
        description = "Run the notifier role: deliver every alert to the console and webhooks, retrying until delivered.")
final class NotifierCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--webhook", paramLabel = "URL", description = "POST alerts as JSON here (repeatable; https://)")
    List<URI> webhooks = new ArrayList<>();

    @Option(names = "--allow-http", description = "allow plain http:// webhooks (alerts name hosts: only on trusted networks)")
    boolean allowHttp;

    @Option(names = "--no-console", description = "do not print alerts on stderr")
    boolean noConsole;

    @Option(names = "--group-id", defaultValue = "vigil-notifier", description = "consumer group (default: ${DEFAULT-VALUE})")
    String groupId;

    @Option(names = "--namespace", defaultValue = "vigil", description = "topic namespace (default: ${DEFAULT-VALUE})")
    String namespace;

    @Override
    public Integer call() throws Exception {
        Topics topics = CollectorCommand.namespace(namespace);
        List<Channel> channels = new ArrayList<>();
        if (!noConsole) channels.add(new ConsoleChannel(System.err, Terminal.stderr()));
        int i = 0;
        for (URI url : webhooks) {
            try {
                channels.add(new WebhookChannel("webhook-" + (++i), url, allowHttp, Duration.ofSeconds(10)));
            } catch (IllegalArgumentException e) {
                throw new UserException("--webhook: " + e.getMessage());
            }
        }
        if (channels.isEmpty()) throw new UserException("no channel: give --webhook URL or drop --no-console");
        try (KafkaEndpoint endpoint = KafkaEndpoint.open(kafka)) {
            endpoint.ensureTopics(topics, 2, java.time.Duration.ofDays(7).toMillis());
            try (Notifier n = new Notifier(NotifierConfig.defaults().withTopics(topics).withGroupId(groupId),
                    endpoint.clientProps(), channels).start()) {
                System.err.println("vigil notifier: delivering alerts from " + topics.alerts() + " to "
                        + channels.size() + " channel(s); Ctrl-C to stop");
                FileReplay.awaitShutdown();
            }
        }
        return ExitCodes.OK;
    }
}
