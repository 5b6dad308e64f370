package io.khata.net.cli;

import io.khata.core.codec.ProtoJson;
import io.khata.core.crypto.KeyFiles;
import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.AccountSpec;
import io.khata.core.genesis.AssetSpec;
import io.khata.core.genesis.Genesis;
import io.khata.core.genesis.GenesisLoader;
import io.khata.core.genesis.GenesisWriter;
import io.khata.core.genesis.Member;
import io.khata.core.Limits;
import io.khata.core.Result;
import io.khata.net.tls.ConsortiumCa;
import io.khata.net.tls.NodeCredentials;
import io.khata.proto.api.NodeConfigFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a local test network: a consortium CA, a genesis with banks {@code bank0..bankN-1}
 * (validators of power 1), the authority {@code issuer@authority}, assets PKR (2 decimals) and
 * BOND-2030 (0 decimals), a funded {@code treasury@bank<i>} per bank, and for each node its
 * configuration, validator key and TLS certificate. Keys are fresh random keys.
 *
 * <pre>
 *   DIR/genesis.json
 *   DIR/ca/ca.key, ca.crt
 *   DIR/node&lt;i&gt;/node.json, validator.key, tls.crt, tls.key
 *   DIR/keys/&lt;account&gt;.key           one per genesis account
 *   DIR/observer&lt;j&gt;/node.json, tls.crt, tls.key   with --observers: no validator key, no sign-state
 * </pre>
 * Node i listens for peers on {@code basePort + 2i} and serves HTTP on {@code basePort + 2i + 1}.
 * Observer j belongs to {@code bank<j mod N>}, is named {@code observer<j>} in its certificate
 * ({@code urn:khata:observer:bank<j mod N>:observer<j>}, see {@link io.khata.net.tls.PeerIdentity})
 * and its node.json ({@code "role": "observer"}), and takes the ports after the banks and spares.
 */
public final class Testnet {
    public static final String CHAIN_ID = "khata-testnet";
    public static final String AUTHORITY = "issuer@authority";
    public static final String PKR = "PKR";
    public static final String BOND = "BOND-2030";
    public static final long TREASURY_PKR = 1_000_000_000_000L;
    public static final int BASE_PORT_DEFAULT = 26_600;
    static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(365);

    private Testnet() {
    }

    public static String bank(int i) {
        return "bank" + i;
    }

    public static String treasury(int i) {
        return "treasury@" + bank(i);
    }

    public static Path nodeHome(Path dir, int i) {
        return dir.resolve("node" + i);
    }

    public static Path keyFile(Path dir, String account) {
        return dir.resolve("keys").resolve(account + ".key");
    }

    public static Path observerHome(Path dir, int j) {
        return dir.resolve("observer" + j);
    }

    public static String observerName(int j) {
        return "observer" + j;
    }

    /** The bank that owns observer {@code j} of a testnet of {@code nodes} banks. */
    public static String observerOwner(int j, int nodes) {
        return bank(j % nodes);
    }

    /** The port index of observer {@code j}: after the banks and the spares ({@link #p2pPort} takes it). */
    public static int observerIndex(int nodes, int spare, int j) {
        return nodes + spare + j;
    }

    public static int p2pPort(int basePort, int i) {
        return basePort + 2 * i;
    }

    public static int apiPort(int basePort, int i) {
        return basePort + 2 * i + 1;
    }

    /** Creates the files; refuses a directory that already holds a testnet unless {@code force}. */
    public static Genesis create(Path dir, int nodes, int basePort, boolean force) throws IOException {
        return create(dir, nodes, basePort, force, Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
    }

    /** As {@link #create(Path, int, int, boolean)}, with the chain's {@code max_tx_ttl_ms}. */
    public static Genesis create(Path dir, int nodes, int basePort, boolean force, long maxTxTtlMillis)
            throws IOException {
        return create(dir, nodes, 0, basePort, force, maxTxTtlMillis);
    }

    /**
     * As above, plus {@code spare} extra banks {@code node<N>..} with keys, certificate and
     * configuration but not in the genesis: banks the regulator can add later with
     * {@code khata tx add-member}.
     */
    public static Genesis create(Path dir, int nodes, int spare, int basePort, boolean force, long maxTxTtlMillis)
            throws IOException {
        return create(dir, nodes, spare, 0, basePort, force, maxTxTtlMillis);
    }

    /** As above, plus {@code observers} observer nodes, owned by the banks in turn. */
    public static Genesis create(Path dir, int nodes, int spare, int observers, int basePort, boolean force,
                                 long maxTxTtlMillis) throws IOException {
        if (observers < 0 || observers > 100) {
            throw new IllegalArgumentException("--observers must be between 0 and 100, got " + observers);
        }
        if (spare < 0 || spare > 100) {
            throw new IllegalArgumentException("--spare must be between 0 and 100, got " + spare);
        }
        if (nodes < 1 || nodes > 100) {
            throw new IllegalArgumentException("--nodes must be between 1 and 100, got " + nodes);
        }
        if (basePort < 1024 || basePort + 2 * (nodes + spare + observers) > 65535) {
            throw new IllegalArgumentException("--base-port " + basePort + " leaves no room for " + nodes + " nodes");
        }
        if (Files.exists(dir.resolve("genesis.json"))) {
            if (!force) {
                throw new IllegalArgumentException(dir + " already holds a testnet; use --force to replace it");
            }
            deleteTestnetFiles(dir);
        }
        Files.createDirectories(dir.resolve("ca"));
        Files.createDirectories(dir.resolve("keys"));
        SecureRandom random = new SecureRandom();
        Instant now = Instant.now();
        ConsortiumCa ca = ConsortiumCa.create("Khata testnet consortium", now.minus(Duration.ofHours(1)),
                now.plus(CERTIFICATE_VALIDITY));
        ca.save(dir.resolve("ca/ca.key"), dir.resolve("ca/ca.crt"));

        List<Member> members = new ArrayList<>();
        List<AccountSpec> accounts = new ArrayList<>();
        KeyPair authority = KeyPair.generate(random);
        KeyFiles.writePrivateKey(keyFile(dir, AUTHORITY), authority);
        accounts.add(new AccountSpec(AUTHORITY, List.of(authority.publicKey()), 1, Map.of()));
        for (int i = 0; i < nodes; i++) {
            Path home = nodeHome(dir, i);
            Files.createDirectories(home);
            KeyPair validator = KeyPair.generate(random);
            KeyFiles.writePrivateKey(home.resolve("validator.key"), validator);
            NodeCredentials credentials = ca.issue(bank(i), now.minus(Duration.ofHours(1)), now.plus(CERTIFICATE_VALIDITY));
            credentials.save(home.resolve("tls.key"), home.resolve("tls.crt"));
            members.add(new Member(bank(i), validator.publicKey(), 1, "127.0.0.1:" + p2pPort(basePort, i)));
            KeyPair treasury = KeyPair.generate(random);
            KeyFiles.writePrivateKey(keyFile(dir, treasury(i)), treasury);
            accounts.add(new AccountSpec(treasury(i), List.of(treasury.publicKey()), 1, Map.of(PKR, TREASURY_PKR)));
            writeNodeConfig(home, bank(i), basePort, i);
        }
        for (int i = nodes; i < nodes + spare; i++) {
            Path home = nodeHome(dir, i);
            Files.createDirectories(home);
            KeyFiles.writePrivateKey(home.resolve("validator.key"), KeyPair.generate(random));
            ca.issue(bank(i), now.minus(Duration.ofHours(1)), now.plus(CERTIFICATE_VALIDITY))
                    .save(home.resolve("tls.key"), home.resolve("tls.crt"));
            writeNodeConfig(home, bank(i), basePort, i);
        }
        for (int j = 0; j < observers; j++) {
            Path home = observerHome(dir, j);
            Files.createDirectories(home);
            ca.issueObserver(observerOwner(j, nodes), observerName(j), now.minus(Duration.ofHours(1)),
                    now.plus(CERTIFICATE_VALIDITY)).save(home.resolve("tls.key"), home.resolve("tls.crt"));
            writeObserverConfig(home, observerName(j), basePort, observerIndex(nodes, spare, j));
        }
        List<AssetSpec> assets = List.of(new AssetSpec(PKR, AUTHORITY, 2), new AssetSpec(BOND, AUTHORITY, 0));
        Genesis genesis = new Genesis(CHAIN_ID, now.toEpochMilli(), members, AUTHORITY, ca.certificatePem(), assets,
                accounts, maxTxTtlMillis);
        Result<Genesis> checked = GenesisLoader.validate(genesis, Limits.DEFAULT);
        if (!checked.isOk()) {
            throw new IllegalStateException("generated an invalid genesis: " + checked.rejection().message());
        }
        Files.writeString(dir.resolve("genesis.json"), GenesisWriter.toJson(genesis), StandardCharsets.UTF_8);
        return genesis;
    }

    private static void writeNodeConfig(Path home, String memberId, int basePort, int i) throws IOException {
        writeConfig(home, NodeConfigFile.newBuilder().setNodeId(memberId).setValidatorKeyFile("validator.key"),
                basePort, i);
    }

    /** An observer's node.json: its role, and no validator key. */
    private static void writeObserverConfig(Path home, String name, int basePort, int index) throws IOException {
        writeConfig(home, NodeConfigFile.newBuilder().setNodeId(name).setRole("observer"), basePort, index);
    }

    private static void writeConfig(Path home, NodeConfigFile.Builder config, int basePort, int index)
            throws IOException {
        config.setGenesisFile("../genesis.json")
                .setTlsCertFile("tls.crt")
                .setTlsKeyFile("tls.key")
                .setP2PListen("127.0.0.1:" + p2pPort(basePort, index))
                .setApiListen("127.0.0.1:" + apiPort(basePort, index));
        Files.writeString(home.resolve("node.json"), ProtoJson.print(config.build()) + "\n", StandardCharsets.UTF_8);
    }

    /** Deletes only what {@link #create} writes, so {@code --force} never removes anything else in DIR. */
    private static void deleteTestnetFiles(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve("genesis.json"));
        List<Path> owned = new ArrayList<>(List.of(dir.resolve("ca"), dir.resolve("keys")));
        try (Stream<Path> children = Files.list(dir)) {
            children.filter(path -> path.getFileName().toString().matches("(node|observer)[0-9]+")).forEach(owned::add);
        }
        for (Path root : owned) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
