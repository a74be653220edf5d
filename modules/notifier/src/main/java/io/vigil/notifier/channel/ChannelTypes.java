package io.vigil.notifier.channel;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Every channel type by name; a config's {@code type:} picks one. */
public final class ChannelTypes {

    private static final Map<String, ChannelType> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("webhook", WebhookChannel::read);
        TYPES.put("email", EmailChannel::read);
        TYPES.put("syslog", SyslogChannel::read);
        TYPES.put("console", ConsoleChannel::read);
    }

    private ChannelTypes() {}

    /** The type named {@code type} (any case), or null. */
    public static ChannelType of(String type) {
        return type == null ? null : TYPES.get(type.toLowerCase(Locale.ROOT));
    }

    public static Set<String> names() {
        return TYPES.keySet();
    }
}
