package io.vigil.notifier.channel;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Every channel type by name; a config's {@code type:} picks one. */
public final class ChannelTypes {

    private static final Map<String, ChannelType> TYPES = new LinkedHashMap<>();

    static {
        register(new WebhookChannelType());
        register(new EmailChannelType());
        register(new SyslogChannelType());
        register(new ConsoleChannelType());
    }

    private ChannelTypes() {}

    private static void register(ChannelType t) {
        TYPES.put(t.type(), t);
    }

    /** The type named {@code type} (any case), or null. */
    public static ChannelType of(String type) {
        return type == null ? null : TYPES.get(type.toLowerCase(Locale.ROOT));
    }

    public static Set<String> names() {
        return TYPES.keySet();
    }
}
