package io.khata.core.proof;

import static io.khata.core.genesis.TestGenesis.PKR;
import static io.khata.core.genesis.TestGenesis.treasury;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Rejection;
import io.khata.core.block.Block;
import io.khata.core.block.Commit;
import io.khata.core.block.CommitSig;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.Signature;
import io.khata.core.genesis.Genesis;
import io.khata.core.genesis.GenesisLoader;
import io.khata.core.genesis.GenesisWriter;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.HeaderDraft;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.LedgerOptions;
import io.khata.core.ledger.TestChain;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transaction proof checks out against the genesis alone, survives its file formats, and
 * fails when anything in it is changed: any byte of the transaction or header, any path hash,
 * any commit signature, or signatures removed below 2/3 of the voting power.
 */
class TxProofTest {
    private static final TestGenesis FIXTURE = TestGenesis.of(4);
    /** Alterations tried at every byte position: the lowest bit, the highest bit, and all bits. */
    private static final int[] FLIPS = {0x01, 0x80, 0xff};

    private Ledger ledger;
    private TestChain chain;
    private List<Transaction> transactions;
    private TxProof proof;

    @BeforeEach
    void commitFiveTransfersAndProveTheMiddleOne() {
        ledger = Ledger.inMemory(FIXTURE.genesis(), LedgerOptions.defaults().withVerifierThreads(1));
        chain = new TestChain(FIXTURE, ledger);
        transactions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            transactions.add(chain.transfer(PKR, treasury(i % 4), treasury((i + 1) % 4), 100 + i));
        }
        chain.commitNext(transactions);
        proof = ledger.proof(transactions.get(2).hash()).orElseThrow();
        assertEquals(3, proof.path().size(), "index 2 of 5 has three siblings");
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private static Optional<Rejection> verify(TxProof proof) {
        return ProofVerifier.verify(proof, FIXTURE.genesis());
    }

    private static TxProof withTx(TxProof proof, byte[] tx) {
        return new TxProof(tx, proof.header(), proof.index(), proof.treeSize(), proof.path(), proof.commit());
    }

    private static TxProof withHeader(TxProof proof, byte[] header) {
        return new TxProof(proof.tx(), header, proof.index(), proof.treeSize(), proof.path(), proof.commit());
    }

    private static TxProof withPath(TxProof proof, List<Hash> path) {
        return new TxProof(proof.tx(), proof.header(), proof.index(), proof.treeSize(), path, proof.commit());
    }

    private static TxProof withCommitSignatures(TxProof proof, List<CommitSig> signatures) {
        Commit commit = proof.commit();
        return new TxProof(proof.tx(), proof.header(), proof.index(), proof.treeSize(), proof.path(),
                new Commit(commit.height(), commit.round(), commit.blockHash(), signatures));
    }

    @Test
    void verifiesOfflineFromTheGenesisFileAlone(@TempDir Path directory) throws IOException {
        Path genesisFile = directory.resolve("genesis.json");
        Files.writeString(genesisFile, GenesisWriter.toJson(FIXTURE.genesis()));
        Path proofFile = directory.resolve("proof.bin");
        Files.write(proofFile, TxProofCodec.encode(proof));
        Path jsonFile = directory.resolve("proof.json");
        Files.writeString(jsonFile, TxProofCodec.toJson(proof));

        Genesis genesis = GenesisLoader.load(genesisFile).value();
        TxProof fromBytes = TxProofCodec.decode(Files.readAllBytes(proofFile)).value();
        TxProof fromJson = TxProofCodec.fromJson(Files.readString(jsonFile)).value();

        assertEquals(Optional.empty(), ProofVerifier.verify(fromBytes, genesis));
        assertEquals(Optional.empty(), ProofVerifier.verify(fromJson, genesis));
    }

    @Test
    void protobufAndJsonRoundTripToAnEqualProof() {
        assertEquals(proof, TxProofCodec.decode(TxProofCodec.encode(proof)).value());
        assertEquals(proof, TxProofCodec.fromJson(TxProofCodec.toJson(proof)).value());

        String json = TxProofCodec.toJson(proof);
        for (String field : List.of("\"tx\"", "\"header\"", "\"index\"", "\"tree_size\"", "\"path\"", "\"commit\"")) {
            assertTrue(json.contains(field), field + " missing from " + json);
        }
    }

    @Test
    void everyTransactionOfBlocksOfOneToNineVerifiesAtItsIndex() {
        for (int size = 1; size <= 9; size++) {
            List<Transaction> block = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                block.add(chain.transfer(PKR, treasury(i % 4), treasury((i + 3) % 4), 1 + i));
            }
            chain.commitNext(block);
            for (int i = 0; i < size; i++) {
                TxProof each = ledger.proof(block.get(i).hash()).orElseThrow();
                assertEquals(i, each.index());
                assertEquals(size, each.treeSize());
                assertEquals(Optional.empty(), verify(each), "index " + i + " of " + size);
            }
        }
    }

    @Test
    void aTransactionNeverCommittedHasNoProof() {
        Transaction pending = chain.transfer(PKR, treasury(0), treasury(1), 7);

        assertEquals(Optional.empty(), ledger.proof(pending.hash()));
    }

    @Test
    void changingAnyByteOfTheTransactionFails() {
        byte[] tx = proof.tx();
        for (int position = 0; position < tx.length; position++) {
            for (int flip : FLIPS) {
                byte[] changed = tx.clone();
                changed[position] ^= (byte) flip;
                assertTrue(verify(withTx(proof, changed)).isPresent(),
                        "tx byte " + position + " of " + tx.length + " xor " + flip + " still verifies");
            }
        }
    }

    @Test
    void changingAnyByteOfTheHeaderFails() {
        byte[] header = proof.header();
        for (int position = 0; position < header.length; position++) {
            for (int flip : FLIPS) {
                byte[] changed = header.clone();
                changed[position] ^= (byte) flip;
                assertTrue(verify(withHeader(proof, changed)).isPresent(),
                        "header byte " + position + " of " + header.length + " xor " + flip + " still verifies");
            }
        }
    }

    @Test
    void changingAnyByteOfAnyPathHashFails() {
        for (int hash = 0; hash < proof.path().size(); hash++) {
            for (int position = 0; position < Hash.BYTES; position++) {
                for (int flip : FLIPS) {
                    List<Hash> path = new ArrayList<>(proof.path());
                    byte[] changed = path.get(hash).toByteArray();
                    changed[position] ^= (byte) flip;
                    path.set(hash, Hash.of(changed));
                    assertTrue(verify(withPath(proof, path)).isPresent(),
                            "path hash " + hash + " byte " + position + " xor " + flip + " still verifies");
                }
            }
        }
    }

    @Test
    void aPathWithAHashMissingAddedOrReorderedFails() {
        List<Hash> path = proof.path();
        List<Hash> reordered = List.of(path.get(1), path.get(0), path.get(2));
        List<Hash> extended = new ArrayList<>(path);
        extended.add(path.get(0));

        assertTrue(verify(withPath(proof, path.subList(0, 2))).isPresent());
        assertTrue(verify(withPath(proof, extended)).isPresent());
        assertTrue(verify(withPath(proof, reordered)).isPresent());
        assertTrue(verify(withPath(proof, List.of())).isPresent());
    }

    @Test
    void claimingAnotherIndexFails() {
        for (long index : new long[] {1, 3, -1, 5}) {
            TxProof moved = new TxProof(proof.tx(), proof.header(), index, proof.treeSize(), proof.path(),
                    proof.commit());
            assertTrue(verify(moved).isPresent(), "index " + index);
        }
    }

    @Test
    void anotherTransactionOfTheSameBlockUnderThisPathFails() {
        assertTrue(verify(withTx(proof, transactions.get(3).encode())).isPresent());
    }

    @Test
    void changingAnyByteOfAnyCommitSignatureFails() {
        List<CommitSig> signatures = proof.commit().signatures();
        assertEquals(4, signatures.size());
        for (int which = 0; which < signatures.size(); which++) {
            for (int position = 0; position < Signature.BYTES; position++) {
                for (int flip : FLIPS) {
                    List<CommitSig> changed = new ArrayList<>(signatures);
                    byte[] bytes = signatures.get(which).signature().toByteArray();
                    bytes[position] ^= (byte) flip;
                    changed.set(which, new CommitSig(signatures.get(which).validator(), signatures.get(which).timeMillis(),
                            Signature.of(bytes)));
                    assertTrue(verify(withCommitSignatures(proof, changed)).isPresent(),
                            "signature " + which + " byte " + position + " xor " + flip + " still verifies");
                }
            }
        }
    }

    @Test
    void threeOfFourEqualPowersAreEnoughAndTwoAreNot() {
        List<CommitSig> all = proof.commit().signatures();
        for (int left = 0; left < all.size(); left++) {
            List<CommitSig> three = new ArrayList<>(all);
            three.remove(left);
            assertEquals(Optional.empty(), verify(withCommitSignatures(proof, three)), "without " + all.get(left));
            for (int right = 0; right < three.size(); right++) {
                List<CommitSig> two = new ArrayList<>(three);
                two.remove(right);
                Rejection rejection = verify(withCommitSignatures(proof, two)).orElseThrow();
                assertEquals("commit.signatures", assertInstanceOf(Rejection.InvalidField.class, rejection).field());
            }
        }
        assertTrue(verify(withCommitSignatures(proof, List.of())).isPresent());
    }

    @Test
    void oneValidatorListedTwiceDoesNotCountTwice() {
        List<CommitSig> all = proof.commit().signatures();

        assertTrue(verify(withCommitSignatures(proof, List.of(all.get(0), all.get(1), all.get(0)))).isPresent());
    }

    @Test
    void theCommitOfAnotherBlockFails() {
        chain.commitNext(List.of(chain.transfer(PKR, treasury(0), treasury(1), 1)));
        Commit next = ledger.commit(2).orElseThrow();

        TxProof mismatched = new TxProof(proof.tx(), proof.header(), proof.index(), proof.treeSize(), proof.path(),
                next);

        assertTrue(verify(mismatched).isPresent());
    }

    @Test
    void underAnotherChainsGenesisTheProofFails() {
        Genesis genesis = FIXTURE.genesis();
        Genesis otherChain = new Genesis("khata-other", genesis.genesisTimeMillis(), genesis.members(),
                genesis.authorityAccount(), genesis.authorityDomain(), genesis.rootCaPem(), genesis.assets(),
                genesis.accounts(), genesis.maxTxTtlMillis());
        Genesis fiveBanks = TestGenesis.of(5).genesis();

        assertEquals(new Rejection.WrongChain("khata-other", genesis.chainId()),
                ProofVerifier.verify(proof, otherChain).orElseThrow());
        Rejection rejection = ProofVerifier.verify(proof, fiveBanks).orElseThrow();
        assertEquals("header.validators_hash", assertInstanceOf(Rejection.InvalidField.class, rejection).field());
    }

    @Test
    void aTransactionOfAnotherChainUnderThisChainsHeaderIsFromTheWrongChain() {
        Transaction foreign = TxCodec.sign(new TxBody("khata-other", transactions.get(2).body().operations(),
                transactions.get(2).body().validUntilMillis(), 1, ""), List.of(FIXTURE.accountKey(treasury(2))));

        assertEquals(new Rejection.WrongChain(FIXTURE.genesis().chainId(), "khata-other"),
                verify(withTx(proof, foreign.encode())).orElseThrow());
    }

    @Test
    void thisChainsTransactionUnderAnotherChainsHeaderIsFromTheWrongChain() {
        Block foreignHeader = HeaderDraft.edit(ledger.block(1).orElseThrow(), draft -> draft.chainId = "khata-other");

        assertEquals(new Rejection.WrongChain(FIXTURE.genesis().chainId(), "khata-other"),
                verify(withHeader(proof, foreignHeader.headerBytes())).orElseThrow());
    }

    @Test
    void twoProofsAreEqualOnlyWhenEveryPartIs() {
        TxProof copy = new TxProof(proof.tx(), proof.header(), proof.index(), proof.treeSize(), proof.path(),
                proof.commit(), proof.validatorChanges());
        assertEquals(proof, copy);
        assertEquals(proof.hashCode(), copy.hashCode());

        Commit otherCommit = new Commit(proof.commit().height(), proof.commit().round() + 1, proof.commit().blockHash(),
                proof.commit().signatures());
        byte[] otherTx = proof.tx();
        otherTx[0] ^= 1;
        byte[] otherHeader = proof.header();
        otherHeader[0] ^= 1;
        List<TxProof> others = List.of(
                withTx(proof, otherTx),
                withHeader(proof, otherHeader),
                new TxProof(proof.tx(), proof.header(), 1, proof.treeSize(), proof.path(), proof.commit()),
                new TxProof(proof.tx(), proof.header(), proof.index(), 4, proof.path(), proof.commit()),
                withPath(proof, proof.path().subList(0, 2)),
                new TxProof(proof.tx(), proof.header(), proof.index(), proof.treeSize(), proof.path(), otherCommit),
                new TxProof(proof.tx(), proof.header(), proof.index(), proof.treeSize(), proof.path(), proof.commit(),
                        List.of(new ValidatorChange(proof.header(), proof.commit(),
                                io.khata.core.state.GenesisState.validators(FIXTURE.genesis())))));
        for (TxProof other : others) {
            assertFalse(proof.equals(other), other.toString());
        }
        assertFalse(proof.equals(proof.toString()));
    }

    @Test
    void aProofFileThatIsNotAProofIsRefusedAsAValue() {
        byte[] garbage = "not a proof".getBytes(StandardCharsets.UTF_8);

        assertFalse(TxProofCodec.decode(garbage).isOk());
        assertFalse(TxProofCodec.fromJson("{\"tx\": 5}").isOk());
        assertEquals(new Rejection.Malformed("proof", "no commit"), TxProofCodec.fromJson("{}").rejection());
    }

    @Test
    void aProofOfTheTransactionInBlockOneIsTheTransactionItself() {
        Block block = ledger.block(1).orElseThrow();

        assertEquals(transactions.get(2), block.transactions().get((int) proof.index()));
        assertArrayEquals(block.headerBytes(), proof.header());
        assertEquals(ledger.commit(1).orElseThrow(), proof.commit());
    }
}
