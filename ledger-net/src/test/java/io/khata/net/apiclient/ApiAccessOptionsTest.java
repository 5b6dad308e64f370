package io.khata.net.apiclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the command line's token comes from, and what is refused as one. */
class ApiAccessOptionsTest {
    @TempDir
    Path dir;

    @Test
    void theFileWinsOverTheVariableAndNeitherMeansNoToken() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "from-the-file\n");
        Map<String, String> environment = Map.of(ApiAccessOptions.TOKEN_VARIABLE, "from-the-variable");
        assertEquals("from-the-file", new ApiAccessOptions(file, null).token(environment));
        assertEquals("from-the-variable", new ApiAccessOptions(null, null).token(environment));
        assertNull(new ApiAccessOptions(null, null).token(Map.of()));
    }

    @Test
    void anEmptyHugeOrMultiWordTokenIsRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        Path huge = Files.writeString(dir.resolve("huge"), "a".repeat(ApiAccessOptions.TOKEN_FILE_BYTES_MAX + 1));
        Path words = Files.writeString(dir.resolve("words"), "two words");
        for (Path bad : new Path[] {empty, huge, words}) {
            assertThrows(IllegalArgumentException.class, () -> new ApiAccessOptions(bad, null).token(Map.of()), bad.toString());
        }
    }
}
