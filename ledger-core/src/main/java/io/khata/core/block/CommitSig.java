package io.khata.core.block;

import io.khata.core.crypto.Signature;

/** One validator's precommit signature inside a {@link Commit}. */
public record CommitSig(String validator, Signature signature) {
}
