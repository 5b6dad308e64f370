package io.khata.net.node;

import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.Commit;
import io.khata.core.block.VoteCodec;
import io.khata.core.ledger.Ledger;
import io.khata.proto.BlockRequest;
import io.khata.proto.BlockResponse;
import io.khata.proto.BlockWithCommit;
import io.khata.proto.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Block sync on the wire: the request a node that is behind sends, the answer a peer makes from
 * its ledger, and the decoding of that answer. Stateless and free of threads and sockets, so the
 * node (on its network threads) and the simulator run the same code; applying the blocks is the
 * {@link ConsensusShell}'s.
 */
final class BlockSync {
    /** Blocks asked for in one sync request. */
    static final int BATCH_BLOCKS = 32;
    /** Bytes of blocks in one sync response, well under the frame limit. */
    static final long RESPONSE_BYTES_MAX = 8L * 1024 * 1024;

    /** Blocks with their commits, in the order received; decoded, not yet checked against any ledger. */
    record Batch(List<Block> blocks, List<Commit> commits) {
        Batch {
            blocks = List.copyOf(blocks);
            commits = List.copyOf(commits);
        }
    }

    private BlockSync() {
    }

    static Envelope request(long fromHeight) {
        return Envelope.newBuilder().setBlockRequest(
                BlockRequest.newBuilder().setFromHeight(fromHeight).setCount(BATCH_BLOCKS)).build();
    }

    /** The answer to a request within the default byte budget ({@link #RESPONSE_BYTES_MAX}). */
    static Optional<Envelope> answer(Ledger ledger, long fromHeight, int count) {
        return answer(ledger, fromHeight, count, RESPONSE_BYTES_MAX);
    }

    /**
     * The answer to a request: consecutive blocks this ledger holds from {@code fromHeight}, at
     * most {@link #BATCH_BLOCKS}, stopping before the block that would take the answer over
     * {@code bytesMax} (the first block goes whatever its size: it fits a frame, and sync cannot
     * pass it otherwise); empty if it holds none.
     */
    static Optional<Envelope> answer(Ledger ledger, long fromHeight, int count, long bytesMax) {
        long head = ledger.height();
        if (fromHeight < 1 || fromHeight > head || count <= 0) {
            return Optional.empty();
        }
        BlockResponse.Builder response = BlockResponse.newBuilder();
        long bytes = 0;
        long last = Math.min(head, fromHeight + Math.min(count, BATCH_BLOCKS) - 1);
        for (long height = fromHeight; height <= last; height++) {
            Optional<Block> block = ledger.block(height);
            Optional<Commit> commit = ledger.commit(height);
            if (block.isEmpty() || commit.isEmpty()) {
                break;
            }
            BlockWithCommit entry = BlockWithCommit.newBuilder()
                    .setBlock(BlockCodec.toWire(block.get()))
                    .setCommit(VoteCodec.toWire(commit.get()))
                    .build();
            long entryBytes = entry.getSerializedSize() + 8L; // the field's tag and length
            if (response.getBlocksCount() > 0 && bytes + entryBytes > bytesMax) {
                break;
            }
            bytes += entryBytes;
            response.addBlocks(entry);
        }
        if (response.getBlocksCount() == 0) {
            return Optional.empty();
        }
        return Optional.of(Envelope.newBuilder().setBlockResponse(response).build());
    }

    /**
     * Decodes an answer. Every entry must decode: one that does not makes the whole answer
     * malformed (the peer sent garbage), and nothing of it is used.
     */
    static Result<Batch> decode(BlockResponse response, Limits limits) {
        List<Block> blocks = new ArrayList<>();
        List<Commit> commits = new ArrayList<>();
        for (BlockWithCommit entry : response.getBlocksList()) {
            Result<Block> block = BlockCodec.fromWire(entry.getBlock(), limits);
            if (!block.isOk()) {
                return Result.err(block.rejection());
            }
            Result<Commit> commit = VoteCodec.fromWire(entry.getCommit(), "commit", BlockCodec.COMMIT_SIGNATURES_MAX);
            if (!commit.isOk()) {
                return Result.err(commit.rejection());
            }
            blocks.add(block.value());
            commits.add(commit.value());
        }
        if (blocks.isEmpty()) {
            return Result.err(new Rejection.Malformed("block_response", "holds no block"));
        }
        return Result.ok(new Batch(blocks, commits));
    }
}
