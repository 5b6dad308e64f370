package io.khata.bench;

import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.crypto.Hash;
import io.khata.core.ledger.Ledger;
import io.khata.core.merkle.MerkleTree;
import io.khata.core.state.StateChanges;
import io.khata.core.state.StateView;
import io.khata.core.state.Transition;
import io.khata.core.tx.Transaction;
import io.khata.core.validate.ChainTip;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The steps of block validation other than signature verification, one benchmark each, so a
 * regression in {@link BlockValidationBenchmark} can be placed. All run on the caller's thread.
 *
 * <ul>
 *   <li>{@link #decode}: {@code BlockCodec.decode} of the block's bytes (protobuf parse, every
 *       transaction body decoded and hashed).</li>
 *   <li>{@link #txRoot}: the RFC 6962 Merkle root over the transaction hashes.</li>
 *   <li>{@link #transitions}: every transaction applied in order to a fresh copy-on-write view
 *       over the committed state, signatures taken as verified.</li>
 *   <li>{@link #stateRoot}: collecting, sorting and hashing the state changes of those
 *       transitions into the next state root.</li>
 * </ul>
 *
 * <p>Score: blocks per second; {@code :transactions} is transactions per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class BreakdownBenchmark {
    @Param({"1000", "10000"})
    public int txsPerBlock;

    byte[] blockBytes;
    Block decoded;
    Ledger ledger;
    ChainTip tip;
    Transition transition;
    StateView executed;

    @Setup(Level.Trial)
    public void generate() {
        Workload workload = Workload.create(txsPerBlock);
        blockBytes = workload.blockBytes();
        decoded = workload.decodeBlock();
        ledger = workload.newLedger(1);
        tip = ledger.tip();
        transition = ledger.transition();
        executed = applyAll(decoded.transactions(), transition, tip, decoded.header().timeMillis());
        Hash root = StateChanges.of(executed).nextRoot(tip.stateRoot());
        if (!root.equals(decoded.header().stateRoot())) {
            throw new IllegalStateException("the transitions give state root " + root + ", the block says "
                    + decoded.header().stateRoot());
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        ledger.close();
    }

    @Benchmark
    public Block decode(TransactionCounter counter) {
        Result<Block> block = BlockCodec.decode(blockBytes, Limits.DEFAULT);
        counter.transactions += txsPerBlock;
        return block.value();
    }

    @Benchmark
    public Hash txRoot(TransactionCounter counter) {
        Hash root = MerkleTree.rootOfHashes(decoded.transactionHashes());
        counter.transactions += txsPerBlock;
        return root;
    }

    @Benchmark
    public StateView transitions(TransactionCounter counter) {
        StateView view = applyAll(decoded.transactions(), transition, tip, decoded.header().timeMillis());
        counter.transactions += txsPerBlock;
        return view;
    }

    @Benchmark
    public Hash stateRoot(TransactionCounter counter) {
        Hash root = StateChanges.of(executed).nextRoot(tip.stateRoot());
        counter.transactions += txsPerBlock;
        return root;
    }

    static StateView applyAll(List<Transaction> transactions, Transition transition, ChainTip tip,
                              long blockTimeMillis) {
        StateView view = new StateView(tip.state());
        for (int i = 0; i < transactions.size(); i++) {
            Optional<Rejection> rejection = transition.apply(transactions.get(i), view, blockTimeMillis);
            if (rejection.isPresent()) {
                throw new IllegalStateException("tx " + i + " is rejected: " + rejection.get().message());
            }
            view.settle();
        }
        return view;
    }
}
