package io.vigil.collector.flow;

/**
 * Turns an address into the text that leaves the agent. The default is the address itself;
 * the pseudonymiser replaces internal addresses with a keyed HMAC.
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

    /** Whether {@link #map} reads the address bytes; when not, callers may pass null. */
    default boolean needsBytes() {
        return true;
    }
}
