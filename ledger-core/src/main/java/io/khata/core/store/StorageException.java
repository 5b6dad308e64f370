package io.khata.core.store;

/**
 * The disk failed us: the node cannot go on safely and stops. This is never a rejection of
 * outside input; it is an operator's problem (disk full, permissions, corruption).
 */
public final class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
