package io.khata.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{}", "[]", "0", "-0", "12", "-1.5e+10", "3E-2", "0.25", "true", "false", "null", "\"\"",
        " \t\r\n{ \"a\" : [ 1 , { \"b\" : null } ] } \n",
        "\"escapes \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00\"",
        "{\"a\": 1, \"A\": 2, \"a \": 3}",
        "[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]"
    })
    void acceptsStrictJson(String json) {
        assertNull(StrictJson.problem(json, 16));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{,}", "[,1]", "01", "1.", ".5", "-", "+1", "1e", "1e+", "0x10",
        "NaN", "Infinity", "tru", "nul", "True", "'a'", "{a: 1}", "{\"a\" 1}", "{\"a\":}", "\"unterminated",
        "\"bad escape \\x\"", "\"short \\u12\"", "\"not hex \\u12g4\"", "\"tab\tinside\"", "\"line\nbreak\"",
        "{} {}", "[] x", "{}/* comment */", "// comment\n{}", "\uFEFF{}", "{\"a\":1,\"a\":2}",
        "{\"a\":1,\"\\u0061\":2}", "[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]"
    })
    void refusesAnythingElse(String json) {
        assertNotNull(StrictJson.problem(json, 16), json);
    }

    @Test
    void namesTheLineAndColumn() {
        String problem = StrictJson.problem("{\n  \"a\": 1,\n  \"a\": 2\n}", 16);

        assertEquals("the name \"a\" appears twice in one object at line 3 column 4 path $.a", problem);
    }

    @Test
    void namesInDifferentObjectsMayRepeat() {
        assertNull(StrictJson.problem("[{\"a\": {\"a\": 1}}, {\"a\": 2}]", 16));
    }

    @Test
    void aLongInputWithoutNestingIsFine() {
        String json = "[" + "1,".repeat(200_000) + "1]";

        assertNull(StrictJson.problem(json, 2));
        assertTrue(StrictJson.problem("[" + json + "]", 1).contains("nested deeper than 1"));
    }
}
