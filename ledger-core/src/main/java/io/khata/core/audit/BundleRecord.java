package io.khata.core.audit;

import io.khata.core.crypto.Hash;

/**
 * One record of a bundle as read: its type, its payload, where it starts in the file, and the
 * SHA-256 of every byte before it (what an {@code END} record's checksum must equal).
 */
public record BundleRecord(int type, byte[] payload, long offset, Hash digestBefore) {
}
