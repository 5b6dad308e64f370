package io.khata.net.node;

import java.util.Iterator;
import java.util.LinkedHashSet;

/** A set that forgets its oldest entry once it holds {@code entriesMax}. Thread-safe. */
final class BoundedHashSet<T> {
    private final int entriesMax;
    private final LinkedHashSet<T> entries = new LinkedHashSet<>();

    BoundedHashSet(int entriesMax) {
        if (entriesMax <= 0) {
            throw new IllegalArgumentException("entriesMax must be positive, got " + entriesMax);
        }
        this.entriesMax = entriesMax;
    }

    synchronized void add(T entry) {
        if (entries.add(entry) && entries.size() > entriesMax) {
            Iterator<T> oldest = entries.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    synchronized boolean contains(T entry) {
        return entries.contains(entry);
    }

    synchronized int size() {
        return entries.size();
    }
}
