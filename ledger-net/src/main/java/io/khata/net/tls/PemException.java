package io.khata.net.tls;

/** A PEM text or file that does not hold what it should; the message names what is wrong, never key material. */
public final class PemException extends IllegalArgumentException {
    public PemException(String message) {
        super(message);
    }
}
