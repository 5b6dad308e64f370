package io.khata.net.sim;

import io.khata.core.block.Block;
import io.khata.core.block.Commit;
import java.util.List;

/** What travels on the simulated network: consensus bytes, or the block-sync request and answer. */
sealed interface Packet {

    /** An encoded consensus message, or garbage pretending to be one. */
    record Consensus(byte[] bytes) implements Packet {
    }

    record SyncRequest(long fromHeight) implements Packet {
    }

    /** Consecutive committed blocks, each with the commit certificate stored for it. */
    record SyncResponse(List<Block> blocks, List<Commit> commits) implements Packet {
    }
}
