package io.khata.core.tx;

import io.khata.core.crypto.PublicKey;
import java.util.List;

/** One change to the ledger. A transaction carries one or more, applied all or none. */
public sealed interface Operation {

    /** Opens {@code id} in the signing bank's domain, controlled by {@code quorum} of {@code keys}. */
    record CreateAccount(String id, List<PublicKey> keys, int quorum) implements Operation {
        public CreateAccount {
            keys = List.copyOf(keys);
        }
    }

    /** Registers an asset; only the authority may. */
    record CreateAsset(String id, String issuer, int decimals) implements Operation {
    }

    /** Creates {@code amount} new units in {@code to}; only the asset's issuer may. */
    record Issue(String asset, String to, long amount) implements Operation {
    }

    /** Destroys {@code amount} units held by the asset's issuer; only the issuer may. */
    record Redeem(String asset, long amount) implements Operation {
    }

    /** Moves {@code amount} from {@code from} to {@code to}; needs the quorum of {@code from}. */
    record Transfer(String asset, String from, String to, long amount) implements Operation {
    }

    /** Freezes or unfreezes an account; only the authority may. */
    record SetFrozen(String account, boolean frozen) implements Operation {
    }

    /** Caps one transfer of {@code asset} from {@code account}; 0 removes the cap. Authority only. */
    record SetTransferLimit(String account, String asset, long max) implements Operation {
    }

    /**
     * A bank joins the consortium as a validator; the authority signs. Takes effect for consensus
     * two heights after the block that commits it.
     */
    record AddMember(String memberId, PublicKey validatorKey, long power, String p2pAddress) implements Operation {
    }

    /** A member leaves the validator set (its id and key are never reused); the authority signs. */
    record RemoveMember(String memberId) implements Operation {
    }

    /** Changes a member's voting power (above 0; removing is {@link RemoveMember}); the authority signs. */
    record SetPower(String memberId, long power) implements Operation {
    }
}
