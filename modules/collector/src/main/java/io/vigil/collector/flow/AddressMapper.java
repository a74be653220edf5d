package io.vigil.collector.flow;

/**
 * Turns an address into the text that leaves the agent. The default is the address itself;
 * the pseudonymiser replaces internal addresses, and the names that reveal them, with a keyed HMAC.
 */
public interface AddressMapper {

    AddressMapper IDENTITY = new AddressMapper() {
        @Override
        public String map(byte[] addr, String text, boolean internal) {
            return text;
        }

        @Override
        public boolean needsBytes() {
            return false;
        }
    };

    String map(byte[] addr, String text, boolean internal);

    /**
     * A DNS name as it leaves the agent: the pseudonymiser hides the host in a name of the
     * site's internal zones; the default leaves names alone.
     */
    default String mapName(String name) {
        return name;
    }

    /** Whether {@link #map} reads the address bytes; when not, callers may pass null. */
    default boolean needsBytes() {
        return true;
    }
}
