package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Limits;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.proto.BlockResponse;
import io.khata.proto.BlockWithCommit;
import org.junit.jupiter.api.Test;

/** Block sync's wire side: an answer that does not decode, or holds nothing, is refused whole, as a value. */
class BlockSyncTest {
    @Test
    void anEmptyAnswerIsRefused() {
        assertFalse(BlockSync.decode(BlockResponse.getDefaultInstance(), Limits.DEFAULT).isOk());
    }

    @Test
    void anAnswerWithAnUndecodableBlockIsRefusedWhole() {
        BlockResponse garbage = BlockResponse.newBuilder()
                .addBlocks(BlockWithCommit.newBuilder()
                        .setBlock(io.khata.proto.Block.newBuilder()
                                .setHeader(com.google.protobuf.ByteString.copyFromUtf8("not a header"))))
                .build();
        assertFalse(BlockSync.decode(garbage, Limits.DEFAULT).isOk());
    }

    @Test
    void aLedgerWithoutBlocksHasNoAnswer() {
        Ledger ledger = Ledger.inMemory(TestGenesis.of(4).genesis());
        assertTrue(BlockSync.answer(ledger, 1, 32).isEmpty());
    }
}
