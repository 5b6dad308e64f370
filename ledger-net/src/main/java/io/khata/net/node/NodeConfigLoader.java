package io.khata.net.node;

import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.core.Result;
import io.khata.core.codec.ProtoJson;
import io.khata.core.crypto.KeyFiles;
import io.khata.core.genesis.Genesis;
import io.khata.core.genesis.GenesisLoader;
import io.khata.proto.api.NodeConfigFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Reads a node's {@code node.json} and the files it names into a {@link NodeConfig}. */
public final class NodeConfigLoader {
    private NodeConfigLoader() {
    }

    /**
     * Reads {@code nodeJson} with the process's {@code KHATA_*} environment variables applied over it
     * (see {@link EnvironmentOverrides}). Throws {@link IllegalArgumentException} naming the file and
     * what is wrong with it.
     */
    public static NodeConfig load(Path nodeJson) throws IOException {
        return load(nodeJson, System.getenv());
    }

    /** As {@link #load(Path)}, with {@code environment} in place of the process's environment. */
    public static NodeConfig load(Path nodeJson, Map<String, String> environment) throws IOException {
        Path file = nodeJson.toAbsolutePath();
        Path home = file.getParent();
        NodeConfigFile.Builder parsed = NodeConfigFile.newBuilder();
        try {
            ProtoJson.merge(Files.readString(file, StandardCharsets.UTF_8), parsed);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(file + " is not a valid node configuration: " + e.getMessage());
        }
        NodeConfigFile config;
        try {
            config = EnvironmentOverrides.apply(parsed.build(), environment);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
        if (config.getNodeId().isEmpty()) {
            throw new IllegalArgumentException(file + ": node_id is missing");
        }
        Path genesisFile = home.resolve(orDefault(config.getGenesisFile(), "../genesis.json"));
        Result<Genesis> genesis = GenesisLoader.load(genesisFile);
        if (!genesis.isOk()) {
            throw new IllegalArgumentException(genesisFile + ": " + genesis.rejection().message());
        }
        NodeConfig.Builder builder = NodeConfig.builder(config.getNodeId(), home, genesis.value())
                .tls(home.resolve(orDefault(config.getTlsCertFile(), "tls.crt")),
                        home.resolve(orDefault(config.getTlsKeyFile(), "tls.key")));
        NodeRole role;
        try {
            role = NodeRole.parse(config.getRole());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
        builder.role(role);
        // A node whose id is not in the genesis is a bank joining later: it follows the chain
        // by block sync and votes once a committed AddMember makes it a validator.
        Path validatorKey = home.resolve(orDefault(config.getValidatorKeyFile(), "validator.key"));
        if (role == NodeRole.OBSERVER) {
            // An observer never reads a validator key: one beside it is a mistake to refuse, not to ignore.
            if (!config.getValidatorKeyFile().isEmpty() || Files.exists(validatorKey)) {
                throw new IllegalArgumentException(file + ": an observer holds no validator key, but "
                        + validatorKey + " is configured or present; move it away");
            }
        } else if (Files.exists(validatorKey)) {
            builder.validatorKey(KeyFiles.readPrivateKey(validatorKey));
        }
        if (!config.getP2PListen().isEmpty()) {
            builder.p2pListen(NodeConfig.parseAddress(config.getP2PListen()));
        }
        if (!config.getApiListen().isEmpty()) {
            builder.apiListen(NodeConfig.parseAddress(config.getApiListen()));
        }
        for (Map.Entry<String, String> peer : config.getPeerAddressesMap().entrySet()) {
            builder.peerAddress(peer.getKey(), NodeConfig.parseAddress(peer.getValue()));
        }
        java.util.List<io.khata.net.p2p.AddressRange> allowed = new java.util.ArrayList<>();
        for (String range : config.getAllowedPeerAddressesList()) {
            try {
                allowed.add(io.khata.net.p2p.AddressRange.parse(range));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": allowed_peer_addresses: " + e.getMessage());
            }
        }
        builder.allowedPeerAddresses(allowed);
        builder.unsafeAllowSignStateReset(config.getUnsafeAllowSignStateReset());
        try {
            builder.apiAccess(apiAccess(config, home));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
        return builder.build();
    }

    private static ApiAccess apiAccess(NodeConfigFile config, Path home) {
        return new ApiAccess(optionalPath(config.getApiTlsCertFile(), home), optionalPath(config.getApiTlsKeyFile(), home),
                optionalPath(config.getApiClientCaFile(), home), config.getApiTokenSha256List(),
                config.getApiAllowUnauthenticated());
    }

    private static Path optionalPath(String value, Path home) {
        return value.isEmpty() ? null : home.resolve(value);
    }

    private static String orDefault(String value, String fallback) {
        return value.isEmpty() ? fallback : value;
    }
}
