package io.khata.core.audit;

import io.khata.core.block.Block;
import io.khata.core.block.Commit;
import io.khata.core.block.Evidence;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.Sha256;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.validate.BlockBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A short chain with something of every kind an audit summarises: accounts opened, a bond
 * issued, transfers between banks, a redemption, a freeze, a member added (and voting from two
 * heights later), a member removed, and evidence of an equivocation. Built with the test chain,
 * so its blocks and commits are the ledger's own.
 */
final class AuditChain implements AutoCloseable {
    static final String ALICE = "alice@bank0";
    static final KeyPair BANK4_VALIDATOR = TestGenesis.keyPair("bank4 validator");

    final TestGenesis fixture = TestGenesis.of(4);
    final Ledger ledger = Ledger.inMemory(fixture.genesis());
    final TestChain chain = new TestChain(fixture, ledger);
    /** The height of the block that adds bank4, and of the one that removes bank3. */
    long addedAt;
    long removedAt;
    long evidenceAt;

    AuditChain() {
        KeyPair authority = fixture.accountKey(TestGenesis.AUTHORITY);
        commit(chain.sign(List.of(new Operation.CreateAccount(ALICE, List.of(TestGenesis.keyPair("alice").publicKey()), 1)),
                fixture.validatorKey("bank0")), transfer(0, 1, 10_000));
        commit(chain.sign(List.of(new Operation.Issue(TestGenesis.BOND, TestGenesis.treasury(1), 500)), authority),
                transfer(1, 2, 2_500), transfer(2, 3, 7));
        commit(chain.sign(List.of(new Operation.Transfer(TestGenesis.BOND, TestGenesis.treasury(1), TestGenesis.treasury(2), 40),
                new Operation.Transfer(TestGenesis.PKR, TestGenesis.treasury(2), TestGenesis.treasury(1), 4_000)),
                fixture.accountKey(TestGenesis.treasury(1)), fixture.accountKey(TestGenesis.treasury(2))));
        addedAt = commit(chain.sign(List.of(new Operation.AddMember("bank4", BANK4_VALIDATOR.publicKey(),
                TestGenesis.MEMBER_POWER, "127.0.0.1:26700")), authority));
        chain.addValidatorKey("bank4", BANK4_VALIDATOR);
        commit(transfer(3, 0, 1));
        evidenceAt = commitWithEvidence(equivocation("bank1", 2), transfer(0, 2, 99));
        commit(transfer(2, -1, 5_000));
        commit(chain.sign(List.of(new Operation.Redeem(TestGenesis.PKR, 3_000)), authority),
                chain.sign(List.of(new Operation.SetFrozen(ALICE, true)), authority));
        removedAt = commit(chain.sign(List.of(new Operation.RemoveMember("bank3")), authority));
        commit(transfer(1, 0, 12));
        commit(transfer(0, 1, 34), transfer(2, 1, 56));
        commit(transfer(1, 2, 78));
    }

    /** A transfer of PKR between treasuries; bank -1 is the authority's issuing account. */
    Transaction transfer(int from, int to, long amount) {
        String source = from < 0 ? TestGenesis.AUTHORITY : TestGenesis.treasury(from);
        String target = to < 0 ? TestGenesis.AUTHORITY : TestGenesis.treasury(to);
        return chain.sign(List.of(new Operation.Transfer(TestGenesis.PKR, source, target, amount)), fixture.accountKey(source));
    }

    private long commit(Transaction... txs) {
        BlockBuilder.Built built = chain.commitNext(List.of(txs));
        if (built.block().transactions().size() != txs.length) {
            throw new IllegalStateException("the test chain skipped a transaction: " + built.skipped());
        }
        return built.block().height();
    }

    private long commitWithEvidence(Evidence evidence, Transaction... txs) {
        long height = ledger.height() + 1;
        Commit lastCommit = ledger.commit(height - 1).orElseThrow();
        BlockBuilder.Built built = ledger.build(
                TestGenesis.bank(0), List.of(txs), lastCommit, List.of(evidence));
        Block block = built.block();
        ledger.commit(block, chain.commitFor(block));
        return height;
    }

    private Evidence equivocation(String validator, long height) {
        Vote first = Vote.sign(VoteType.PRECOMMIT, ledger.chainId(), height, 0,
                Sha256.hash("one".getBytes(StandardCharsets.UTF_8)), 0, validator, fixture.validatorKey(validator));
        Vote second = Vote.sign(VoteType.PRECOMMIT, ledger.chainId(), height, 0,
                Sha256.hash("two".getBytes(StandardCharsets.UTF_8)), 0, validator, fixture.validatorKey(validator));
        return new Evidence(first, second).normalized();
    }

    /** The bundle of heights {@code from..to}. */
    byte[] bundle(long from, long to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            BundleExport.bundle(ChainSource.of(ledger), ledger.chainId(), from, to, out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    byte[] bundle() {
        return bundle(1, ledger.height());
    }

    /** Every record of a bundle, for tests that rearrange them. */
    static List<BundleRecord> records(byte[] bundle) {
        BundleReader reader = new BundleReader(new java.io.ByteArrayInputStream(bundle), Integer.MAX_VALUE);
        List<BundleRecord> records = new ArrayList<>();
        try {
            reader.readPreamble().value();
            for (var next = reader.next(); next != null; next = reader.next()) {
                records.add(next.value());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return records;
    }

    @Override
    public void close() {
        ledger.close();
    }
}
