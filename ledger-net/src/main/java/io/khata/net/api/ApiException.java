package io.khata.net.api;

/** A request the API refuses: an HTTP status and the error body's code and message. */
final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
