package io.khata.core;

import java.util.function.Function;

/**
 * Either a value or the {@link Rejection} that explains why there is none. Bad input from
 * outside is answered with a value of this type, never with an exception.
 */
public sealed interface Result<T> {

    record Ok<T>(T value) implements Result<T> {
    }

    record Err<T>(Rejection rejection) implements Result<T> {
    }

    static <T> Result<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Result<T> err(Rejection rejection) {
        return new Err<>(rejection);
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value; throws {@link IllegalStateException} on a rejection (a caller's bug, not bad input). */
    default T value() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalStateException("no value: " + ((Err<T>) this).rejection());
    }

    /** The rejection, or null for a value. */
    default Rejection rejection() {
        return this instanceof Err<T> err ? err.rejection() : null;
    }

    default <U> Result<U> map(Function<T, U> mapper) {
        if (this instanceof Ok<T> ok) {
            return new Ok<>(mapper.apply(ok.value()));
        }
        return new Err<>(((Err<T>) this).rejection());
    }
}
