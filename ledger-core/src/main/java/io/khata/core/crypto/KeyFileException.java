package io.khata.core.crypto;

/** A key file that cannot be read as an Ed25519 key; the message says why, never the key. */
public final class KeyFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public KeyFileException(String message) {
        super(message);
    }
}
