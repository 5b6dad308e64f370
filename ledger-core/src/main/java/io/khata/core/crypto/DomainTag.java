package io.khata.core.crypto;

/**
 * The first byte of every signed payload. A signature made for one purpose never verifies
 * for another, because the tag is part of what was signed.
 */
public enum DomainTag {
    TRANSACTION((byte) 0x01),
    PROPOSAL((byte) 0x02),
    PREVOTE((byte) 0x03),
    PRECOMMIT((byte) 0x04);

    private final byte value;

    DomainTag(byte value) {
        this.value = value;
    }

    public byte value() {
        return value;
    }
}
