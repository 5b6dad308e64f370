package io.khata.core.block;

import io.khata.core.crypto.Signature;

/**
 * One validator's precommit inside a {@link Commit}: its id, the time it signed (part of the
 * signed bytes, see {@link Vote#signedBytes}) and its signature.
 */
public record CommitSig(String validator, long timeMillis, Signature signature) {
}
