package io.khata.core.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.khata.core.Limits;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.PublicKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The signing recipe of docs/SIGNING.md against its known-answer vectors
 * ({@code vectors/tx-signing.json}): for each body, the body bytes, transaction hash and signed
 * message must equal those that {@code tx_signing_vectors.py} computes from the recipe with
 * Python's standard library alone; each signer's public key and signature, and the whole
 * transaction, equal the values the script's {@code --regenerate} mode wrote with another
 * Ed25519 implementation (Ed25519 is deterministic, so any RFC 8032 implementation reproduces
 * them); and every transaction decodes and verifies.
 */
class TxSigningVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void everyVectorIsReproducedFromItsFieldsAndVerifies() throws IOException {
        JsonArray vectors = load().getAsJsonArray("vectors");
        assertTrue(vectors.size() >= 3, "vectors present");
        List<String> differences = new ArrayList<>();
        for (JsonElement element : vectors) {
            JsonObject vector = element.getAsJsonObject();
            String name = vector.get("name").getAsString();
            TxBody body = body(vector.getAsJsonObject("body"));
            List<KeyPair> signers = new ArrayList<>();
            for (JsonElement seed : vector.getAsJsonArray("signer_seeds_hex")) {
                signers.add(KeyPair.fromSeed(HEX.parseHex(seed.getAsString())));
            }
            Transaction tx = TxCodec.sign(body, signers);
            List<String> publicKeys = new ArrayList<>();
            List<String> signatures = new ArrayList<>();
            for (TxSignature signature : tx.signatures()) {
                publicKeys.add(signature.publicKey().toHex());
                signatures.add(HEX.formatHex(signature.signature().toByteArray()));
            }
            Map<String, Object> actual = Map.of(
                    "body_hex", HEX.formatHex(TxCodec.encodeBody(body)),
                    "tx_hash", tx.hash().toHex(),
                    "signing_message_hex", HEX.formatHex(tx.signedMessage()),
                    "public_keys_hex", publicKeys,
                    "signatures_hex", signatures,
                    "transaction_hex", HEX.formatHex(tx.encode()));
            for (Map.Entry<String, Object> field : actual.entrySet()) {
                Object expected = field.getValue() instanceof List ? strings(vector.getAsJsonArray(field.getKey()))
                        : vector.get(field.getKey()).getAsString();
                if (!expected.equals(field.getValue())) {
                    differences.add(name + ": " + field.getKey() + " is " + field.getValue() + ", the vector says " + expected);
                }
            }
            Transaction decoded = TxCodec.decode(HEX.parseHex(vector.get("transaction_hex").getAsString()), Limits.DEFAULT)
                    .value();
            assertTrue(decoded.checkSignatures(body.chainId()).isEmpty(), name + ": the pinned transaction verifies");
        }
        assertEquals(List.of(), differences);
    }

    @Test
    void aChangedBodyByteChangesTheHashAndFailsTheSignature() throws IOException {
        JsonObject vector = load().getAsJsonArray("vectors").get(0).getAsJsonObject();
        byte[] wire = HEX.parseHex(vector.get("transaction_hex").getAsString());
        io.khata.proto.Transaction parsed = io.khata.proto.Transaction.parseFrom(wire);
        byte[] body = parsed.getBody().toByteArray();
        body[body.length - 1] ^= 1; // the last byte of valid_until_time, the body's last field
        Transaction changed = TxCodec.decode(parsed.toBuilder()
                .setBody(com.google.protobuf.ByteString.copyFrom(body)).build().toByteArray(), Limits.DEFAULT).value();
        assertTrue(changed.checkSignatures("khata-testnet").isPresent(), "a signature covers every body byte");
    }

    private static TxBody body(JsonObject fields) {
        List<Operation> operations = new ArrayList<>();
        for (JsonElement element : fields.getAsJsonArray("operations")) {
            JsonObject op = element.getAsJsonObject();
            if (op.has("transfer")) {
                JsonObject t = op.getAsJsonObject("transfer");
                operations.add(new Operation.Transfer(t.get("asset").getAsString(), t.get("from").getAsString(),
                        t.get("to").getAsString(), Long.parseLong(t.get("amount").getAsString())));
            } else if (op.has("create_account")) {
                JsonObject c = op.getAsJsonObject("create_account");
                List<PublicKey> keys = new ArrayList<>();
                for (JsonElement key : c.getAsJsonArray("keys_hex")) {
                    keys.add(PublicKey.fromHex(key.getAsString()));
                }
                operations.add(new Operation.CreateAccount(c.get("id").getAsString(), keys,
                        Integer.parseInt(c.get("quorum").getAsString())));
            } else {
                throw new IllegalArgumentException("no vector operation " + op.keySet());
            }
        }
        return new TxBody(fields.get("chain_id").getAsString(), operations,
                Long.parseLong(fields.get("valid_until_time").getAsString()), Long.parseLong(fields.get("nonce").getAsString()),
                fields.has("memo") ? fields.get("memo").getAsString() : "");
    }

    private static List<String> strings(JsonArray array) {
        List<String> values = new ArrayList<>();
        for (JsonElement element : array) {
            values.add(element.getAsString());
        }
        return values;
    }

    private static JsonObject load() throws IOException {
        try (InputStream in = TxSigningVectorsTest.class.getResourceAsStream("/vectors/tx-signing.json")) {
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }
}
