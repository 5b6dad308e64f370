package io.khata.client;

/** A signer could not sign: its provider failed, or refused the key or the operation. */
public final class SigningException extends Exception {
    private static final long serialVersionUID = 1L;

    public SigningException(String message, Throwable cause) {
        super(message, cause);
    }
}
