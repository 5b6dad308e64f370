package io.khata.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.block.Block;
import io.khata.core.block.Commit;
import io.khata.core.crypto.Hash;
import io.khata.core.genesis.Genesis;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.HeaderDraft;
import io.khata.core.ledger.LedgerOptions;
import io.khata.core.validate.BlockBuilder;
import io.khata.proto.audit.AuditBlock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Whole-chain audits that hold, and the tamperings a forger would try first, each caught for its real reason. */
class AuditVerifierTest {
    private static final AuditChain CHAIN = new AuditChain();

    @AfterAll
    static void close() {
        CHAIN.close();
    }

    static AuditReport verify(byte[] bundle, Genesis genesis, TrustAnchor trust) {
        try {
            return AuditVerifier.verify(new ByteArrayInputStream(bundle), genesis, LedgerOptions.defaults().withVerifierThreads(1), trust,
                    AuditListener.NONE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static AuditReport verify(byte[] bundle) {
        return verify(bundle, CHAIN.fixture.genesis(), null);
    }

    private static void assertFails(AuditReport report, AuditCheck check, long height) {
        assertNotNull(report.failure(), "expected the audit to fail");
        assertEquals(check, report.failure().check(), report.failure().message());
        assertEquals(height, report.failure().height(), report.failure().message());
    }

    @Test
    void theWholeChainReExecutesFromGenesisAndEveryAssetIsConserved() {
        AuditReport report = verify(CHAIN.bundle());
        assertTrue(report.passed(), () -> report.failure().message());
        assertEquals("genesis", report.mode());
        assertEquals(CHAIN.ledger.height(), report.blocks());
        assertEquals(CHAIN.ledger.headHash(), report.lastBlockHash());
        assertEquals(CHAIN.ledger.stateRoot(), report.stateRoot());
        assertEquals(List.of(), report.notes());
        Map<String, AuditReport.AssetSummary> assets = report.assets().stream()
                .collect(Collectors.toMap(AuditReport.AssetSummary::id, asset -> asset));
        AuditReport.AssetSummary pkr = assets.get(TestGenesis.PKR);
        assertEquals(Boolean.TRUE, pkr.conserved());
        assertEquals(BigInteger.valueOf(3_000), pkr.redeemed());
        assertEquals(4 * TestGenesis.TREASURY_PKR - 3_000, pkr.supply());
        assertEquals(BigInteger.valueOf(500), assets.get(TestGenesis.BOND).issued());
        assertEquals(Boolean.TRUE, assets.get(TestGenesis.BOND).conserved());
        assertEquals(List.of(new AuditReport.MembershipChange(CHAIN.addedAt, "add_member", "bank4", TestGenesis.MEMBER_POWER),
                new AuditReport.MembershipChange(CHAIN.removedAt, "remove_member", "bank3", 0)), report.membershipChanges());
        assertEquals(1, report.evidence().size());
        assertEquals("bank1", report.evidence().get(0).validator());
        assertEquals(CHAIN.evidenceAt, report.evidence().get(0).height());
        assertEquals(List.of(AuditChain.ALICE), report.frozenAccounts());
        AuditReport.BankSummary bank0 = report.banks().stream().filter(bank -> bank.id().equals("bank0")).findFirst().orElseThrow();
        assertEquals(CHAIN.ledger.height(), bank0.blocksProposed());
        assertEquals(1, bank0.frozenAtEnd());
    }

    @Test
    void aRangeFromATrustedHeaderChecksWhatNeedsNoStateAndSaysSo() {
        long from = CHAIN.addedAt + 1;
        Hash parent = CHAIN.ledger.block(from - 1).orElseThrow().hash();
        AuditReport report = verify(CHAIN.bundle(from, CHAIN.ledger.height()), CHAIN.fixture.genesis(),
                new TrustAnchor(from - 1, parent));
        assertTrue(report.passed(), () -> report.failure().message());
        assertEquals("trusted", report.mode());
        assertEquals(CHAIN.ledger.height() - from + 1, report.blocks());
        assertNull(report.stateRoot());
        assertTrue(report.notes().get(0).contains("Re-execution"), report.notes().toString());
        assertTrue(report.notes().get(0).contains("need the range to start at genesis"), report.notes().toString());
        assertTrue(report.assets().stream().allMatch(asset -> asset.conserved() == null), "conservation is not claimed");
    }

    @Test
    void aRangeFromHeightTwoAnchorsOnTheGenesisSet() {
        Hash first = CHAIN.ledger.block(1).orElseThrow().hash();
        AuditReport report = verify(CHAIN.bundle(2, 4), CHAIN.fixture.genesis(), new TrustAnchor(1, first));
        assertTrue(report.passed(), () -> report.failure().message());
    }

    @Test
    void aRangePastGenesisNeedsTheRightTrustedHeader() {
        byte[] bundle = CHAIN.bundle(5, CHAIN.ledger.height());
        assertFails(verify(bundle), AuditCheck.TRUST_ANCHOR, 0);
        Hash wrong = CHAIN.ledger.block(3).orElseThrow().hash();
        assertFails(verify(bundle, CHAIN.fixture.genesis(), new TrustAnchor(4, wrong)), AuditCheck.TRUST_ANCHOR, 0);
        Hash right = CHAIN.ledger.block(4).orElseThrow().hash();
        assertFails(verify(bundle, CHAIN.fixture.genesis(), new TrustAnchor(3, right)), AuditCheck.TRUST_ANCHOR, 0);
    }

    @Test
    void anotherChainsGenesisIsRefusedByName() {
        Genesis other = new Genesis("another-chain", TestGenesis.GENESIS_TIME_MILLIS, CHAIN.fixture.genesis().members(),
                TestGenesis.AUTHORITY, CHAIN.fixture.genesis().authorityDomain(), "", CHAIN.fixture.genesis().assets(),
                CHAIN.fixture.genesis().accounts(), Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
        assertFails(verify(CHAIN.bundle(), other, null), AuditCheck.CHAIN_ID, 0);
    }

    @Test
    void aDroppedMembershipChangeIsCaughtEvenWithTheChecksumFixedUp() {
        List<BundleRecord> records = new ArrayList<>(AuditChain.records(CHAIN.bundle()));
        assertTrue(records.removeIf(record -> record.type() == BundleFormat.VALIDATORS), "the chain changes its set");
        assertFails(verify(Tamper.assemble(records)), AuditCheck.VALIDATOR_SET, CHAIN.addedAt);
    }

    @Test
    void aDroppedMembershipChangeIsCaughtInTrustedModeToo() {
        long from = CHAIN.addedAt + 1;
        TrustAnchor trust = new TrustAnchor(from - 1, CHAIN.ledger.block(from - 1).orElseThrow().hash());
        List<BundleRecord> records = new ArrayList<>(AuditChain.records(CHAIN.bundle(from, CHAIN.ledger.height())));
        assertTrue(records.removeIf(record -> record.type() == BundleFormat.VALIDATORS), "bank3 leaves within the range");
        assertFails(verify(Tamper.assemble(records), CHAIN.fixture.genesis(), trust), AuditCheck.VALIDATOR_SET,
                CHAIN.removedAt);
    }

    @Test
    void aDroppedBlockIsCaught() {
        List<BundleRecord> records = new ArrayList<>(AuditChain.records(CHAIN.bundle()));
        records.remove(3);
        assertFails(verify(Tamper.assemble(records)), AuditCheck.BLOCK_ORDER, 3);
    }

    @Test
    void swappedBlocksAreCaughtAlsoWithTheirRecordHeightsRewritten() throws IOException {
        List<BundleRecord> records = new ArrayList<>(AuditChain.records(CHAIN.bundle()));
        BundleRecord second = records.get(2);
        records.set(2, records.get(3));
        records.set(3, second);
        assertFails(verify(Tamper.assemble(records)), AuditCheck.BLOCK_ORDER, 2);
        for (int i = 2; i <= 3; i++) {
            AuditBlock block = AuditBlock.parseFrom(records.get(i).payload()).toBuilder().setHeight(i).build();
            records.set(i, new BundleRecord(BundleFormat.BLOCK, block.toByteArray(), 0, null));
        }
        assertFails(verify(Tamper.assemble(records)), AuditCheck.BLOCK_ORDER, 2);
    }

    @Test
    void validBlocksWhoseStateRootIsNotTheReExecutedOneAreCaught() throws IOException {
        try (AuditChain forged = new AuditChain()) {
            long height = forged.ledger.height() + 1;
            BlockBuilder.Built built = forged.chain.build(List.of(forged.transfer(0, 1, 1)));
            Block lie = HeaderDraft.edit(built.block(), draft -> draft.stateRoot = Hash.ZERO);
            Commit signed = forged.chain.commitFor(lie);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BundleWriter writer = new BundleWriter(out);
            writer.start(forged.ledger.chainId(), 1, height);
            for (BundleRecord record : AuditChain.records(forged.bundle())) {
                if (record.type() != BundleFormat.END && record.type() != BundleFormat.START) {
                    writer.copy(record);
                }
            }
            writer.block(height, io.khata.core.block.BlockCodec.encode(lie),
                    io.khata.core.block.VoteCodec.toWire(signed).toByteArray());
            writer.end();
            AuditReport report = verify(out.toByteArray(), forged.fixture.genesis(), null);
            assertFails(report, AuditCheck.STATE_ROOT, height);
            assertTrue(report.failure().reason().contains("execution gives"), report.failure().reason());
        }
    }

    @Test
    void framingDamageIsAFormatFailureAndNeverAnAllocation() {
        byte[] bundle = CHAIN.bundle();
        AuditReport truncated = verify(java.util.Arrays.copyOf(bundle, bundle.length - 7));
        assertEquals(AuditCheck.BUNDLE_FORMAT, truncated.failure().check(), truncated.failure().message());
        assertEquals(CHAIN.ledger.height(), truncated.blocks(), "every block before the damage was checked");
        byte[] version = bundle.clone();
        version[11] = 2;
        assertFails(verify(version), AuditCheck.BUNDLE_FORMAT, 0);
        byte[] huge = bundle.clone();
        int firstLength = BundleFormat.MAGIC.length + 4 + 1;
        huge[firstLength] = 0x7f;
        AuditReport report = verify(huge);
        assertFails(report, AuditCheck.BUNDLE_FORMAT, 0);
        assertTrue(report.failure().reason().contains("over the limit"), report.failure().reason());
        byte[] trailing = java.util.Arrays.copyOf(bundle, bundle.length + 1);
        assertFails(verify(trailing), AuditCheck.BUNDLE_FORMAT, 0);
        assertFalse(verify(new byte[0]).passed());
    }

    @Test
    void aDamagedCopyWithIntactBlocksIsCaughtByTheChecksum() {
        List<BundleRecord> records = AuditChain.records(CHAIN.bundle());
        byte[] bundle = CHAIN.bundle();
        BundleRecord end = records.get(records.size() - 1);
        byte[] damaged = bundle.clone();
        damaged[(int) end.offset() + BundleFormat.RECORD_HEADER_BYTES + 10] ^= 1;
        assertFails(verify(damaged), AuditCheck.BUNDLE_FORMAT, 0);
    }

    @Test
    void aValidatorSetRecordWhereNoSetChangesIsRefused() {
        List<BundleRecord> records = new ArrayList<>(AuditChain.records(CHAIN.bundle()));
        BundleRecord set = records.stream().filter(record -> record.type() == BundleFormat.VALIDATORS).findFirst().orElseThrow();
        records.add(2, set);
        assertFails(verify(Tamper.assemble(records)), AuditCheck.VALIDATOR_SET, 1);
    }

    @Test
    void aForgedTransactionSignatureIsCaughtInTrustedModeToo() {
        long from = 3;
        Hash parent = CHAIN.ledger.block(from - 1).orElseThrow().hash();
        byte[] bundle = CHAIN.bundle(from, CHAIN.ledger.height());
        byte[] signature = CHAIN.ledger.block(from).orElseThrow().transactions().get(0).signatures().get(0)
                .signature().toByteArray();
        byte[] forged = bundle.clone();
        forged[Tamper.indexOf(bundle, signature) + 5] ^= 0x10;
        assertFails(verify(forged, CHAIN.fixture.genesis(), new TrustAnchor(from - 1, parent)), AuditCheck.TX_SIGNATURE, from);
        assertFails(verify(Tamper.fixChecksum(forged, endOffset(bundle)), CHAIN.fixture.genesis(),
                new TrustAnchor(from - 1, parent)), AuditCheck.TX_SIGNATURE, from);
    }

    @Test
    void anIssueTheStateNeverSawBreaksConservation() {
        Genesis genesis = CHAIN.fixture.genesis();
        AuditStore store = new AuditStore();
        store.commit(new io.khata.core.store.CommitBatch(0, null, null, List.of(),
                io.khata.core.state.GenesisState.changes(genesis), Map.of(), 0, io.khata.core.state.GenesisState.root(genesis),
                Hash.ZERO, Map.of(1L, genesis.validatorSet())));
        AuditTally tally = new AuditTally(genesis);
        long issuedAt = 2;
        tally.record(CHAIN.ledger.block(issuedAt).orElseThrow(), CHAIN.ledger.commit(issuedAt).orElseThrow());
        Map<String, AuditReport.AssetSummary> assets = tally.conservation(store).stream()
                .collect(Collectors.toMap(AuditReport.AssetSummary::id, asset -> asset));
        assertEquals(Boolean.FALSE, assets.get(TestGenesis.BOND).conserved(), "500 issued, none in the state");
        assertEquals(Boolean.TRUE, assets.get(TestGenesis.PKR).conserved());
    }

    static int endOffset(byte[] bundle) {
        List<BundleRecord> records = AuditChain.records(bundle);
        return (int) records.get(records.size() - 1).offset();
    }

}
