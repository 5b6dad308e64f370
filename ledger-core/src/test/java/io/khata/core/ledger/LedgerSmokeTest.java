package io.khata.core.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.genesis.TestGenesis;
import io.khata.core.proof.ProofVerifier;
import io.khata.core.proof.TxProof;
import io.khata.core.tx.Transaction;
import io.khata.core.validate.BlockBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerSmokeTest {
    @Test
    void validatorSetHashIsTheGenesisValidatorsHash() {
        TestGenesis fixture = TestGenesis.of(4);
        assertEquals(fixture.genesis().validatorsHash(),
                io.khata.core.state.GenesisState.validators(fixture.genesis()).hash());
    }

    @Test
    void buildsCommitsAndProvesATransfer() {
        TestGenesis fixture = TestGenesis.of(4);
        try (Ledger ledger = Ledger.inMemory(fixture.genesis())) {
            TestChain chain = new TestChain(fixture, ledger);
            Transaction tx = chain.transfer(TestGenesis.PKR, TestGenesis.treasury(0), TestGenesis.treasury(1), 5_000);
            BlockBuilder.Built built = chain.commitNext(List.of(tx));
            assertEquals(List.of(tx), built.block().transactions());
            assertEquals(1, ledger.height());
            assertEquals(TestGenesis.TREASURY_PKR - 5_000, ledger.balance(TestGenesis.treasury(0), TestGenesis.PKR));
            assertEquals(TestGenesis.TREASURY_PKR + 5_000, ledger.balance(TestGenesis.treasury(1), TestGenesis.PKR));
            chain.commitNext(List.of(chain.transfer(TestGenesis.PKR, TestGenesis.treasury(1), TestGenesis.treasury(2), 1)));
            assertEquals(2, ledger.height());
            TxProof proof = ledger.proof(tx.hash()).orElseThrow();
            assertTrue(ProofVerifier.verify(proof, fixture.genesis()).isEmpty());
        }
    }
}
