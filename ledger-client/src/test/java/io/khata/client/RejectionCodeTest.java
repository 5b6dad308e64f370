package io.khata.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.khata.core.Rejection;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RejectionCode mirrors ledger-core's Rejection: a new kind there fails this test until it is added here. */
class RejectionCodeTest {
    @Test
    void everyKindOfRejectionHasItsCode() throws Exception {
        Set<RejectionCode> seen = new HashSet<>();
        for (Class<?> kind : Rejection.class.getPermittedSubclasses()) {
            Rejection sample = sample(kind);
            RejectionCode code = RejectionCode.fromCode(sample.code());
            assertNotEquals(RejectionCode.UNRECOGNIZED, code, kind.getSimpleName() + " (" + sample.code() + ")");
            assertEquals(sample.code(), code.code());
            seen.add(code);
        }
        assertEquals(RejectionCode.values().length - 1, seen.size(), "a RejectionCode with no Rejection kind behind it");
    }

    @Test
    void aCodeFromANewerNodeIsUnrecognizedNotAnError() {
        assertEquals(RejectionCode.UNRECOGNIZED, RejectionCode.fromCode("quantum_flux"));
        assertEquals(RejectionCode.UNRECOGNIZED, RejectionCode.fromCode(null));
        assertEquals(RejectionCode.UNRECOGNIZED, RejectionCode.fromCode("x".repeat(10_000)));
    }

    /** Every kind's code() is a constant, so any field values do. */
    private static Rejection sample(Class<?> kind) throws Exception {
        RecordComponent[] components = kind.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = types[i] == long.class ? 0L : types[i] == int.class ? 0 : types[i] == boolean.class ? false : null;
        }
        Constructor<?> constructor = kind.getDeclaredConstructor(types);
        return (Rejection) constructor.newInstance(values);
    }
}
