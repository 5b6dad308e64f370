package io.khata.core.audit;

/** A value, or the audit failure that stands in its way. */
sealed interface Checked<T> {

    record Passed<T>(T value) implements Checked<T> {
    }

    record Failed<T>(AuditFailure failure) implements Checked<T> {
    }

    static <T> Checked<T> passed(T value) {
        return new Passed<>(value);
    }

    static <T> Checked<T> failed(long height, AuditCheck check, String reason) {
        return new Failed<>(new AuditFailure(height, check, reason));
    }

    static <T> Checked<T> failed(AuditFailure failure) {
        return new Failed<>(failure);
    }

    default AuditFailure failure() {
        return this instanceof Failed<T> failed ? failed.failure() : null;
    }

    default T value() {
        if (this instanceof Passed<T> passed) {
            return passed.value();
        }
        throw new IllegalStateException("no value: " + failure().message());
    }
}
