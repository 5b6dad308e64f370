package io.khata.client;

/**
 * A call to a node did not give an answer the API promises. Three kinds, so a caller can tell
 * "the node said no" from "the node is broken or hostile" from "the node could not be reached".
 * A refused transaction is not an exception: it is a {@link TxOutcome.Rejected} value.
 */
public abstract sealed class KhataException extends Exception
        permits KhataException.ErrorAnswer, KhataException.BadResponse, KhataException.Unreachable {
    private static final long serialVersionUID = 1L;

    KhataException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The node answered with an HTTP error and its JSON error ({@code code}, {@code message}). */
    public static final class ErrorAnswer extends KhataException {
        private static final long serialVersionUID = 1L;
        private final int httpStatus;
        private final String code;
        private final String detail;

        public ErrorAnswer(int httpStatus, String code, String detail) {
            super("HTTP " + httpStatus + " " + code + ": " + detail, null);
            this.httpStatus = httpStatus;
            this.code = code;
            this.detail = detail;
        }

        /** The node's own message, without the status and code. */
        public String detail() {
            return detail;
        }

        public int httpStatus() {
            return httpStatus;
        }

        /** The API's snake_case error code, such as {@code unknown_account} or {@code bad_limit}. */
        public String code() {
            return code;
        }
    }

    /**
     * The answer broke the API's contract: over the byte limit, not the JSON promised, an
     * unexpected status, an event stream out of order, or a proof that does not verify.
     */
    public static final class BadResponse extends KhataException {
        private static final long serialVersionUID = 1L;

        public BadResponse(String message) {
            super(message, null);
        }

        public BadResponse(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** No answer: the connection failed, or the node did not answer within the timeout. */
    public static final class Unreachable extends KhataException {
        private static final long serialVersionUID = 1L;

        public Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
