package io.khata.net.feed;

import io.khata.core.block.Block;
import java.util.ArrayDeque;

/**
 * The last few committed blocks, so that subscribers keeping up with the chain do not read the
 * store. Bounded by count and by bytes: the oldest block is evicted first, and a block alone over
 * the byte budget is not kept at all (its readers go to the store). Thread-safe.
 */
final class BlockTail {
    private final int blocksMax;
    private final long bytesMax;
    private final ArrayDeque<Block> blocks = new ArrayDeque<>();
    private final ArrayDeque<Long> sizes = new ArrayDeque<>();
    private long bytes;

    BlockTail(int blocksMax, long bytesMax) {
        if (blocksMax < 1 || bytesMax < 1) {
            throw new IllegalArgumentException("a tail holds at least one block and one byte");
        }
        this.blocksMax = blocksMax;
        this.bytesMax = bytesMax;
    }

    /** Appends the next block; a gap (a block that does not follow the newest held) empties the tail first. */
    synchronized void add(Block block) {
        if (!blocks.isEmpty() && blocks.peekLast().height() + 1 != block.height()) {
            blocks.clear();
            sizes.clear();
            bytes = 0;
        }
        long size = sizeOf(block);
        if (size > bytesMax) {
            blocks.clear();
            sizes.clear();
            bytes = 0;
            return;
        }
        blocks.addLast(block);
        sizes.addLast(size);
        bytes += size;
        while (blocks.size() > blocksMax || bytes > bytesMax) {
            blocks.removeFirst();
            bytes -= sizes.removeFirst();
        }
    }

    /** The block at {@code height} if the tail holds it, else null. */
    synchronized Block get(long height) {
        if (blocks.isEmpty()) {
            return null;
        }
        long first = blocks.peekFirst().height();
        if (height < first || height > blocks.peekLast().height()) {
            return null;
        }
        int skip = (int) (height - first);
        var iterator = blocks.iterator();
        for (int i = 0; i < skip; i++) {
            iterator.next();
        }
        return iterator.next();
    }

    synchronized int size() {
        return blocks.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    /** Roughly what the decoded block holds on the heap: its header and transactions as encoded. */
    static long sizeOf(Block block) {
        long size = block.headerSize();
        for (var tx : block.transactions()) {
            size += tx.encodedSize();
        }
        return size;
    }
}
