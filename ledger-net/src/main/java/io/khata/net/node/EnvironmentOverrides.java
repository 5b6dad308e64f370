package io.khata.net.node;

import io.khata.proto.api.NodeConfigFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Settings of {@code node.json} overridden by {@code KHATA_*} environment variables, as container
 * deployments expect: a variable that is set (even to an empty value, which clears the setting)
 * wins over the file. The mapping, one variable per setting:
 *
 * <pre>
 *   KHATA_NODE_ID                 node_id
 *   KHATA_GENESIS_FILE            genesis_file
 *   KHATA_VALIDATOR_KEY_FILE      validator_key_file
 *   KHATA_TLS_CERT_FILE           tls_cert_file
 *   KHATA_TLS_KEY_FILE            tls_key_file
 *   KHATA_P2P_ADDRESS             p2p_listen   (host:port)
 *   KHATA_API_ADDRESS             api_listen   (host:port)
 *   KHATA_ALLOWED_PEER_ADDRESSES  allowed_peer_addresses, comma-separated
 *   KHATA_API_TLS_CERT_FILE       api_tls_cert_file
 *   KHATA_API_TLS_KEY_FILE        api_tls_key_file
 *   KHATA_API_CLIENT_CA_FILE      api_client_ca_file
 *   KHATA_API_TOKEN_SHA256        api_token_sha256, comma-separated
 *   KHATA_API_ALLOW_UNAUTHENTICATED  api_allow_unauthenticated (true or false)
 * </pre>
 *
 * {@code KHATA_API_TOKEN} is the command line's bearer token: the node ignores it (it holds only
 * hashes of tokens), so a shell that sets it for {@code khata} can still start a node.
 *
 * Relative paths resolve against the node's home, as in the file. Any other variable whose name
 * starts with {@code KHATA_} is refused with the list of known ones, so a misspelt override is
 * noticed at start instead of silently doing nothing. The environment is a parameter: tests pass
 * a map and never touch the process environment.
 */
final class EnvironmentOverrides {
    static final String PREFIX = "KHATA_";
    private static final List<String> KNOWN = List.of("KHATA_NODE_ID", "KHATA_GENESIS_FILE", "KHATA_VALIDATOR_KEY_FILE",
            "KHATA_TLS_CERT_FILE", "KHATA_TLS_KEY_FILE", "KHATA_P2P_ADDRESS", "KHATA_API_ADDRESS",
            "KHATA_ALLOWED_PEER_ADDRESSES", "KHATA_API_TLS_CERT_FILE", "KHATA_API_TLS_KEY_FILE", "KHATA_API_CLIENT_CA_FILE",
            "KHATA_API_TOKEN_SHA256", "KHATA_API_ALLOW_UNAUTHENTICATED");
    /** Read by the command line, not by the node. */
    private static final List<String> CLIENT_SIDE = List.of("KHATA_API_TOKEN");

    private EnvironmentOverrides() {
    }

    /** Applies the overrides to {@code file}; throws {@link IllegalArgumentException} for an unknown KHATA_ name. */
    static NodeConfigFile apply(NodeConfigFile file, Map<String, String> environment) {
        TreeSet<String> unknown = new TreeSet<>();
        for (String name : environment.keySet()) {
            if (name.startsWith(PREFIX) && !KNOWN.contains(name) && !CLIENT_SIDE.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown environment variable(s) " + unknown + "; the node reads "
                    + KNOWN);
        }
        NodeConfigFile.Builder builder = file.toBuilder();
        String value;
        if ((value = environment.get("KHATA_NODE_ID")) != null) {
            builder.setNodeId(value);
        }
        if ((value = environment.get("KHATA_GENESIS_FILE")) != null) {
            builder.setGenesisFile(value);
        }
        if ((value = environment.get("KHATA_VALIDATOR_KEY_FILE")) != null) {
            builder.setValidatorKeyFile(value);
        }
        if ((value = environment.get("KHATA_TLS_CERT_FILE")) != null) {
            builder.setTlsCertFile(value);
        }
        if ((value = environment.get("KHATA_TLS_KEY_FILE")) != null) {
            builder.setTlsKeyFile(value);
        }
        if ((value = environment.get("KHATA_P2P_ADDRESS")) != null) {
            builder.setP2PListen(value);
        }
        if ((value = environment.get("KHATA_API_ADDRESS")) != null) {
            builder.setApiListen(value);
        }
        if ((value = environment.get("KHATA_ALLOWED_PEER_ADDRESSES")) != null) {
            builder.clearAllowedPeerAddresses().addAllAllowedPeerAddresses(commaSeparated(value));
        }
        applyApiAccess(builder, environment);
        return builder.build();
    }

    private static void applyApiAccess(NodeConfigFile.Builder builder, Map<String, String> environment) {
        String value;
        if ((value = environment.get("KHATA_API_TLS_CERT_FILE")) != null) {
            builder.setApiTlsCertFile(value);
        }
        if ((value = environment.get("KHATA_API_TLS_KEY_FILE")) != null) {
            builder.setApiTlsKeyFile(value);
        }
        if ((value = environment.get("KHATA_API_CLIENT_CA_FILE")) != null) {
            builder.setApiClientCaFile(value);
        }
        if ((value = environment.get("KHATA_API_TOKEN_SHA256")) != null) {
            builder.clearApiTokenSha256().addAllApiTokenSha256(commaSeparated(value));
        }
        if ((value = environment.get("KHATA_API_ALLOW_UNAUTHENTICATED")) != null) {
            if (!value.equals("true") && !value.equals("false") && !value.isEmpty()) {
                throw new IllegalArgumentException("KHATA_API_ALLOW_UNAUTHENTICATED is true or false, got '" + value + "'");
            }
            builder.setApiAllowUnauthenticated(value.equals("true"));
        }
    }

    private static List<String> commaSeparated(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }
}
