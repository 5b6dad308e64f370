package io.khata.core.block;

import io.khata.core.codec.CanonicalWriter;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.Sha256;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A commit certificate: precommits for {@code blockHash} at {@code height} and {@code round}.
 * It is valid when its distinct, correctly signed validators hold more than 2/3 of the
 * voting power in force at that height (checked by {@code CommitVerifier}).
 */
public record Commit(long height, int round, Hash blockHash, List<CommitSig> signatures) {
    public Commit {
        signatures = List.copyOf(signatures);
    }

    /** The commit's precommits as votes, to verify each signature. */
    public List<Vote> votes() {
        List<Vote> votes = new ArrayList<>(signatures.size());
        for (CommitSig sig : signatures) {
            votes.add(new Vote(VoteType.PRECOMMIT, height, round, blockHash, sig.timeMillis(), sig.validator(),
                    sig.signature()));
        }
        return votes;
    }

    /** Builds a commit from precommits for one block, ordered by validator id. */
    public static Commit of(long height, int round, Hash blockHash, List<Vote> precommits) {
        List<CommitSig> sigs = new ArrayList<>(precommits.size());
        for (Vote vote : precommits) {
            if (vote.type() != VoteType.PRECOMMIT || vote.height() != height || vote.round() != round
                    || !blockHash.equals(vote.blockHash())) {
                throw new IllegalArgumentException("not a precommit for this block: " + vote);
            }
            sigs.add(new CommitSig(vote.validator(), vote.timeMillis(), vote.signature()));
        }
        sigs.sort(Comparator.comparing(CommitSig::validator));
        return new Commit(height, round, blockHash, sigs);
    }

    /** SHA-256 of the canonical layout; the next header's {@code last_commit_hash}. */
    public Hash hash() {
        CanonicalWriter writer = new CanonicalWriter(64 + 104 * signatures.size())
                .writeLong(height)
                .writeInt(round)
                .writeHash(blockHash)
                .writeInt(signatures.size());
        for (CommitSig sig : signatures) {
            writer.writeString(sig.validator()).writeLong(sig.timeMillis()).writeBytes(sig.signature().toByteArray());
        }
        return Sha256.hash(writer.toByteArray());
    }

    /** The hash a header carries when there is no previous commit (the first block). */
    public static final Hash NONE_HASH = Hash.ZERO;
}
