package io.khata.net.consensus;

import io.khata.core.block.ValidatorSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signature-checked messages for heights after the current one, kept until this node gets
 * there, and the highest height each validator was seen at (how this node learns it is
 * behind). Bound: {@code messagesMax} messages in all; a message arriving when the buffer is
 * full is not kept (the sender re-sends its messages while it stays in that round, so a
 * message refused now is offered again later).
 */
final class FutureMessages {
    private final int messagesMax;
    private final TreeMap<Long, List<Message>> byHeight = new TreeMap<>();
    private final Map<String, Long> highestHeightSeen = new HashMap<>();
    private int count;

    FutureMessages(int messagesMax) {
        this.messagesMax = messagesMax;
    }

    void noteSeen(String validator, long height) {
        highestHeightSeen.merge(validator, height, Math::max);
    }

    /** True if kept, false if the buffer is full. */
    boolean add(Message message) {
        if (count >= messagesMax) {
            return false;
        }
        byHeight.computeIfAbsent(message.height(), h -> new ArrayList<>()).add(message);
        count++;
        return true;
    }

    /** Removes and returns the messages of {@code height}, dropping those of earlier heights. */
    List<Message> take(long height) {
        Iterator<Map.Entry<Long, List<Message>>> entries = byHeight.entrySet().iterator();
        List<Message> taken = new ArrayList<>();
        while (entries.hasNext()) {
            Map.Entry<Long, List<Message>> entry = entries.next();
            if (entry.getKey() > height) {
                break;
            }
            if (entry.getKey() == height) {
                taken.addAll(entry.getValue());
            }
            count -= entry.getValue().size();
            entries.remove();
        }
        return taken;
    }

    /** The voting power of validators seen at a height above {@code height}. */
    long powerAbove(long height, ValidatorSet validators) {
        long power = 0;
        for (Map.Entry<String, Long> entry : highestHeightSeen.entrySet()) {
            if (entry.getValue() > height && validators.contains(entry.getKey())) {
                power += validators.get(entry.getKey()).power();
            }
        }
        return power;
    }

    int size() {
        return count;
    }
}
