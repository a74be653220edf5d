package io.vigil.collector.flow;

/**
 * Turns an address into the text that leaves the agent. The default is the address itself;
 * the pseudonymiser replaces internal addresses with a keyed HMAC.
 */
@FunctionalInterface
public interface AddressMapper {

    AddressMapper IDENTITY = (addr, text, internal) -> text;

    String map(byte[] addr, String text, boolean internal);
}
