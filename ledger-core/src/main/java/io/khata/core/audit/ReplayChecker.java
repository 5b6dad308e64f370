package io.khata.core.audit;

import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Hash;
import io.khata.core.genesis.Genesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.LedgerOptions;
import io.khata.core.validate.ValidatedBlock;
import java.util.Optional;

/**
 * Re-executes the chain from the genesis state through the node's own {@link Ledger}: the same
 * block validation (header linkage, time rule, proposer, validator set, evidence, last commit,
 * tx root, every signature, every transaction through the state machine, the state root and the
 * next validator set) and the same commit. What the node would refuse, the audit refuses, with
 * the validation step translated into the audit's check names.
 */
final class ReplayChecker implements BlockChecker {
    private final AuditStore store = new AuditStore();
    private final Ledger ledger;

    ReplayChecker(Genesis genesis, LedgerOptions options) {
        this.ledger = Ledger.open(store, genesis, options);
    }

    AuditStore store() {
        return store;
    }

    Hash stateRoot() {
        return ledger.stateRoot();
    }

    @Override
    public ValidatorSet validatorsAt(long height) {
        return ledger.validatorsAt(height);
    }

    @Override
    public Optional<AuditFailure> check(CertifiedBlock certified) {
        Block block = certified.block();
        Result<ValidatedBlock> validated = ledger.validate(block);
        if (!validated.isOk()) {
            return Optional.of(classify(block.height(), validated.rejection()));
        }
        try {
            ledger.commit(block, certified.commit());
        } catch (IllegalArgumentException e) {
            return Optional.of(new AuditFailure(block.height(), AuditCheck.COMMIT, e.getMessage()));
        }
        return Optional.empty();
    }

    @Override
    public Optional<AuditFailure> acceptValidators(long effectiveHeight, ValidatorSet set) {
        ValidatorSet executed = ledger.validatorsAt(effectiveHeight);
        if (!executed.equals(set)) {
            return Optional.of(new AuditFailure(effectiveHeight - 2, AuditCheck.VALIDATOR_SET,
                    "the bundle's validator set from height " + effectiveHeight + " is not the one re-execution gives"));
        }
        return Optional.empty();
    }

    /** Names the audit check for a block validation step (DESIGN.md's numbering). */
    static AuditFailure classify(long height, Rejection rejection) {
        if (!(rejection instanceof Rejection.InvalidBlock invalid)) {
            return new AuditFailure(height, AuditCheck.HEADER, rejection.message());
        }
        String reason = invalid.reason();
        return new AuditFailure(height, checkOf(invalid.step(), reason), "validation step " + invalid.step() + ": " + reason);
    }

    private static AuditCheck checkOf(int step, String reason) {
        switch (step) {
            case 1:
                if (reason.startsWith("time")) {
                    return AuditCheck.TIME;
                }
                return reason.contains("evidence") ? AuditCheck.EVIDENCE : AuditCheck.HEADER;
            case 2:
                return AuditCheck.LAST_COMMIT;
            case 3:
                return AuditCheck.TX_ROOT;
            case 4:
                return reason.contains("chain_id") ? AuditCheck.TRANSACTION : AuditCheck.TX_SIGNATURE;
            case 5:
                if (reason.startsWith("state_root")) {
                    return AuditCheck.STATE_ROOT;
                }
                return reason.startsWith("next_validators_hash") ? AuditCheck.VALIDATOR_SET : AuditCheck.EXECUTION;
            default:
                return reason.contains("time") ? AuditCheck.TIME : AuditCheck.HEADER;
        }
    }

    @Override
    public void close() {
        ledger.close();
    }
}
