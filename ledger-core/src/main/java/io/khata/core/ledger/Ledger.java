package io.khata.core.ledger;

import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.Commit;
import io.khata.core.block.Evidence;
import io.khata.core.block.ValidatorSet;
import io.khata.core.block.VoteCodec;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.ParallelVerifier;
import io.khata.core.genesis.Genesis;
import io.khata.core.genesis.GenesisIdentity;
import io.khata.core.merkle.MerkleTree;
import io.khata.core.proof.TxProof;
import io.khata.core.state.AccountState;
import io.khata.core.state.AssetState;
import io.khata.core.state.GenesisState;
import io.khata.core.state.Transition;
import io.khata.core.store.CommitBatch;
import io.khata.core.store.LedgerStore;
import io.khata.core.store.MemoryLedgerStore;
import io.khata.core.store.TxLocation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxCodec;
import io.khata.core.validate.BlockBuilder;
import io.khata.core.validate.BlockValidator;
import io.khata.core.validate.ChainHistory;
import io.khata.core.validate.ChainTip;
import io.khata.core.validate.CommitVerifier;
import io.khata.core.validate.SignatureCache;
import io.khata.core.validate.ValidatedBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The single-node ledger a bank backend holds: a chain of committed blocks over a genesis,
 * the state they lead to, and the proofs of what they contain. It builds blocks (as a
 * proposer), validates them (as every node), and commits a block with its commit certificate
 * in one atomic, synced write.
 *
 * <p>Reads are safe from any thread. {@link #build}, {@link #validate} and {@link #commit}
 * are serialized; a node calls them from its one consensus thread.
 */
public final class Ledger implements AutoCloseable {
    private final Genesis genesis;
    private final LedgerOptions options;
    private final LedgerStore store;
    /** The validator set in force from each height on; the first entry is height 1 (genesis). */
    private final java.util.concurrent.ConcurrentSkipListMap<Long, ValidatorSet> validatorHistory =
            new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Transition transition;
    private final ParallelVerifier verifier;
    private final SignatureCache signatureCache;
    private final BlockValidator validator;
    private final BlockBuilder builder;
    private final ChainHistory history = new ChainHistory() {
        @Override
        public ValidatorSet validatorsAt(long height) {
            return Ledger.this.validatorsAt(height);
        }

        @Override
        public boolean evidenceCommitted(Hash offence) {
            return store.evidenceCommitted(offence);
        }
    };
    private volatile Head head;
    private ValidatedBlock lastValidated;

    private record Head(long height, Hash hash, long timeMillis) {
    }

    private Ledger(Genesis genesis, LedgerOptions options, LedgerStore store) {
        this.genesis = genesis;
        this.options = options;
        this.store = store;
        this.transition = new Transition(GenesisState.rules(genesis, options.limits()));
        this.verifier = new ParallelVerifier(options.verifierThreads());
        this.signatureCache = new SignatureCache(options.signatureCacheEntries());
        this.validator = new BlockValidator(transition, verifier, signatureCache);
        this.builder = new BlockBuilder(transition, verifier, signatureCache, options.limits());
        initialize();
    }

    /**
     * A ledger over {@code store}, which it owns from now on: {@link #close} closes it, and so
     * does a failure to open (a store of another genesis, say). Nodes pass a durable store
     * (RocksDB, in the ledger-store module); tests and simulation pass a memory one.
     */
    public static Ledger open(LedgerStore store, Genesis genesis, LedgerOptions options) {
        try {
            return new Ledger(genesis, options, store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** A ledger in memory, for tests and simulation. */
    public static Ledger inMemory(Genesis genesis) {
        return inMemory(genesis, LedgerOptions.defaults());
    }

    public static Ledger inMemory(Genesis genesis, LedgerOptions options) {
        return new Ledger(genesis, options, new MemoryLedgerStore());
    }

    /**
     * The identity of a genesis, stored with the ledger data to refuse opening one chain's data
     * with another's genesis: SHA-256 of its canonical encoding ({@link GenesisIdentity}).
     */
    public static Hash genesisHash(Genesis genesis) {
        return GenesisIdentity.hash(genesis);
    }

    private void initialize() {
        Hash expected = genesisHash(genesis);
        if (store.genesisHash() == null) {
            store.commit(new CommitBatch(0, null, null, List.of(), GenesisState.changes(genesis),
                    java.util.Map.of(), 0, GenesisState.root(genesis), expected,
                    java.util.Map.of(1L, GenesisState.validators(genesis))));
        } else if (!store.genesisHash().equals(expected)) {
            throw new IllegalStateException("the ledger data was created from another genesis (identity "
                    + store.genesisHash() + "), not from this one (identity " + expected + ", layout "
                    + GenesisIdentity.LAYOUT + "). Check that the node uses its chain's genesis file. Data created by a"
                    + " Khata version from before layout " + GenesisIdentity.LAYOUT + " (earlier layouts hashed the"
                    + " genesis's JSON form, then a transaction TTL in blocks) cannot be opened: move that data directory"
                    + " away and let the node catch up by block sync.");
        }
        validatorHistory.putAll(store.validatorSets());
        if (validatorHistory.isEmpty()) {
            throw new IllegalStateException("the ledger data holds no validator set");
        }
        long height = store.height();
        if (height == 0) {
            head = new Head(0, Hash.ZERO, genesis.genesisTimeMillis());
        } else {
            Block block = block(height).orElseThrow(() -> new IllegalStateException("no block at stored height " + height));
            head = new Head(height, block.hash(), block.header().timeMillis());
        }
    }

    public Genesis genesis() {
        return genesis;
    }

    public String chainId() {
        return genesis.chainId();
    }

    public LedgerOptions options() {
        return options;
    }

    public long height() {
        return head.height();
    }

    /** The hash of the last committed block, or {@link Hash#ZERO} before the first. */
    public Hash headHash() {
        return head.hash();
    }

    public long headTimeMillis() {
        return head.timeMillis();
    }

    public Hash stateRoot() {
        return store.stateRoot();
    }

    /**
     * The validator set in force at {@code height}: a membership change committed at height h
     * takes effect at h + 2, so the set for the next two heights is always known.
     */
    public ValidatorSet validatorsAt(long height) {
        java.util.Map.Entry<Long, ValidatorSet> entry = validatorHistory.floorEntry(Math.max(height, 1));
        return entry.getValue();
    }

    /** Every validator set the chain has had, by the height it took effect at. */
    public java.util.NavigableMap<Long, ValidatorSet> validatorHistory() {
        return java.util.Collections.unmodifiableNavigableMap(validatorHistory);
    }

    public Optional<Block> block(long height) {
        return store.blockBytes(height).map(bytes -> {
            Result<Block> block = BlockCodec.decode(bytes, options.limits());
            if (!block.isOk()) {
                throw new IllegalStateException("stored block " + height + " does not decode: " + block.rejection().message());
            }
            return block.value();
        });
    }

    /** The block at {@code height} exactly as stored, for exports that must carry the bytes the validators signed. */
    public Optional<byte[]> blockBytes(long height) {
        return store.blockBytes(height);
    }

    /** The commit certificate at {@code height} exactly as stored (protobuf {@code Commit}). */
    public Optional<byte[]> commitBytes(long height) {
        return store.commitBytes(height);
    }

    /** The commit certificate this node holds for the block at {@code height}. */
    public Optional<Commit> commit(long height) {
        return store.commitBytes(height).map(bytes -> {
            try {
                Result<Commit> commit = VoteCodec.fromWire(io.khata.proto.Commit.parseFrom(bytes), "commit",
                        BlockCodec.COMMIT_SIGNATURES_MAX);
                return commit.value();
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException("stored commit " + height + " does not decode", e);
            }
        });
    }

    /** True if a committed block carries evidence of this {@link Evidence#offence() offence}; a block never carries it again. */
    public boolean evidenceCommitted(Hash offence) {
        return store.evidenceCommitted(offence);
    }

    public Optional<TxLocation> location(Hash txHash) {
        return store.txLocation(txHash);
    }

    public Optional<CommittedTx> transaction(Hash txHash) {
        return store.txLocation(txHash).flatMap(location -> block(location.height()).map(block ->
                new CommittedTx(block.transactions().get(location.index()), location.height(), location.index())));
    }

    /**
     * The committed transactions that touched {@code account}, newest first: at most {@code limit}
     * of them, strictly older than {@code before} (from the newest when null). Written with each
     * block in its atomic commit, so the history never lags or leads the blocks.
     */
    public List<TxLocation> accountHistory(String account, TxLocation before, int limit) {
        return store.accountHistory(account, before, limit);
    }

    public AccountState account(String id) {
        return store.account(id);
    }

    public AssetState asset(String id) {
        return store.asset(id);
    }

    /** A member, active or removed, or null. */
    public io.khata.core.state.MemberState member(String id) {
        return store.member(id);
    }

    /** Every member, active or removed, by id. */
    public List<io.khata.core.state.MemberState> members() {
        return store.members();
    }

    /** Every asset with its issuer and total supply. */
    public List<AssetState> assets() {
        return store.assets();
    }

    public long balance(String account, String asset) {
        return store.balance(account, asset);
    }

    /**
     * The block time (milliseconds) until which the committed replay window remembers
     * {@code txHash} (its {@code valid_until_time}), or -1 if it does not.
     */
    public long replayWindowEnd(Hash txHash) {
        return store.replayWindowEnd(txHash);
    }

    public Transition transition() {
        return transition;
    }

    public SignatureCache signatureCache() {
        return signatureCache;
    }

    public ParallelVerifier verifier() {
        return verifier;
    }

    /** What the next block is checked against. */
    public ChainTip tip() {
        Head current = head;
        return new ChainTip(genesis.chainId(), current.height(), current.hash(), current.timeMillis(),
                store.stateRoot(), store, validatorsAt(current.height() + 1), validatorsAt(current.height()), history);
    }

    /**
     * Builds the next block from {@code candidates} in order, leaving out those that fail. Its
     * time is fixed by {@code lastCommit} (BFT time, see {@link io.khata.core.block.BlockTime}).
     */
    public synchronized BlockBuilder.Built build(String proposer, List<Transaction> candidates,
                                                 Commit lastCommit, List<Evidence> evidence) {
        BlockBuilder.Built built = builder.build(tip(), proposer, candidates, lastCommit, evidence);
        lastValidated = built.validated();
        return built;
    }

    /** Validates {@code block} as the next block; the ledger is unchanged either way. */
    public synchronized Result<ValidatedBlock> validate(Block block) {
        if (lastValidated != null && lastValidated.block().equals(block) && block.height() == height() + 1) {
            return Result.ok(lastValidated);
        }
        Result<ValidatedBlock> result = validator.validate(block, tip());
        if (result.isOk()) {
            lastValidated = result.value();
        }
        return result;
    }

    /**
     * Commits the next block with its commit certificate. Both are checked first; a block or
     * commit that does not check is refused with {@link IllegalArgumentException} and nothing
     * is written. When this returns the block is on disk.
     */
    public synchronized void commit(Block block, Commit commit) {
        if (block.height() != height() + 1) {
            throw new IllegalArgumentException("block " + block.height() + " is not the next block after " + height());
        }
        Optional<Rejection> commitProblem = CommitVerifier.verify(commit, chainId(), block.height(), block.hash(),
                validatorsAt(block.height()));
        if (commitProblem.isPresent()) {
            throw new IllegalArgumentException("commit for block " + block.height() + " refused: " + commitProblem.get().message());
        }
        Result<ValidatedBlock> validated = validate(block);
        if (!validated.isOk()) {
            throw new IllegalArgumentException(validated.rejection().message());
        }
        ValidatedBlock valid = validated.value();
        java.util.Map<Long, ValidatorSet> newSets = java.util.Map.of();
        if (!valid.view().changedMembers().isEmpty()) {
            ValidatorSet next = GenesisState.validators(valid.view().members());
            if (!next.equals(validatorHistory.lastEntry().getValue())) {
                newSets = java.util.Map.of(block.height() + 2, next);
            }
        }
        store.commit(new CommitBatch(block.height(), BlockCodec.encode(block), VoteCodec.toWire(commit).toByteArray(),
                block.transactionHashes(), valid.changes(), valid.view().rememberedTransactions(), block.header().timeMillis(),
                valid.stateRoot(), null, newSets, offences(block), TouchedAccounts.of(block.transactions(), valid.view())));
        validatorHistory.putAll(newSets);
        head = new Head(block.height(), block.hash(), block.header().timeMillis());
        lastValidated = null;
    }

    private static List<Hash> offences(Block block) {
        List<Hash> offences = new ArrayList<>(block.evidence().size());
        for (Evidence evidence : block.evidence()) {
            offences.add(evidence.offence());
        }
        return offences;
    }

    /** The inclusion proof of a committed transaction, verifiable offline against the genesis. */
    public Optional<TxProof> proof(Hash txHash) {
        Optional<TxLocation> location = store.txLocation(txHash);
        if (location.isEmpty()) {
            return Optional.empty();
        }
        long height = location.get().height();
        Optional<Block> block = block(height);
        Optional<Commit> commit = commit(height);
        if (block.isEmpty() || commit.isEmpty()) {
            return Optional.empty();
        }
        List<Hash> leaves = new ArrayList<>();
        for (Hash hash : block.get().transactionHashes()) {
            leaves.add(MerkleTree.leafHash(hash));
        }
        int index = location.get().index();
        Transaction tx = block.get().transactions().get(index);
        return Optional.of(new TxProof(tx.encode(), block.get().headerBytes(), index, leaves.size(),
                MerkleTree.auditPath(leaves, index).siblings(), commit.get(), validatorChanges(height)));
    }

    /** The blocks up to {@code height} that changed the validator set, for a proof to verify from genesis. */
    private List<io.khata.core.proof.ValidatorChange> validatorChanges(long height) {
        List<io.khata.core.proof.ValidatorChange> changes = new ArrayList<>();
        for (java.util.Map.Entry<Long, ValidatorSet> entry : validatorHistory.headMap(height, true).entrySet()) {
            long changedAt = entry.getKey() - 2;
            if (changedAt < 1) {
                continue;
            }
            Block block = block(changedAt).orElseThrow(() -> new IllegalStateException("no block " + changedAt));
            Commit commit = commit(changedAt).orElseThrow(() -> new IllegalStateException("no commit " + changedAt));
            changes.add(new io.khata.core.proof.ValidatorChange(block.headerBytes(), commit, entry.getValue()));
        }
        return changes;
    }

    /** Decodes transaction bytes under this ledger's limits. */
    public Result<Transaction> decodeTransaction(byte[] bytes) {
        return TxCodec.decode(bytes, options.limits());
    }

    @Override
    public void close() {
        verifier.close();
        store.close();
    }
}
