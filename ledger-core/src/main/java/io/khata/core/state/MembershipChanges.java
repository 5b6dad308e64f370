package io.khata.core.state;

import io.khata.core.Identifiers;
import io.khata.core.Rejection;
import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Ed25519;
import io.khata.core.tx.Operation;
import java.util.Optional;

/**
 * The membership operations of one transaction, applied to a view, with the safety rules that
 * keep consecutive validator sets overlapping: the set never becomes empty, and one
 * transaction removes or reduces at most 1/3 of the voting power it started with (so more
 * than 2/3 of the old power stays, and any quorum of the new set intersects one of the old in
 * honest power). Member ids and validator keys are never reused, even after a removal.
 */
final class MembershipChanges {
    private final StateView view;
    private long totalBefore = -1;
    private long reduced;

    /** Cheap: nothing is read until the transaction's first membership operation. */
    MembershipChanges(StateView view) {
        this.view = view;
    }

    /** Records the power before this transaction's first membership operation. */
    private void begin() {
        if (totalBefore < 0) {
            totalBefore = activePower();
        }
    }

    Optional<Rejection> add(Operation.AddMember op, LedgerRules rules) {
        begin();
        String problem = Identifiers.memberProblem(op.memberId(), rules.limits());
        if (problem != null) {
            return Optional.of(new Rejection.InvalidField("add_member.member_id", op.memberId(), problem));
        }
        if (op.memberId().equals(rules.authorityDomain()) || view.member(op.memberId()) != null) {
            return Optional.of(new Rejection.DuplicateMember(op.memberId()));
        }
        if (!Ed25519.isStrongKey(op.validatorKey())) {
            return Optional.of(new Rejection.InvalidField("add_member.validator_key", op.validatorKey().toHex(),
                    "not a valid Ed25519 public key"));
        }
        for (MemberState member : view.members()) {
            if (member.validatorKey().equals(op.validatorKey())) {
                return Optional.of(new Rejection.DuplicateValidatorKey(op.validatorKey(), member.id()));
            }
        }
        if (op.power() <= 0) {
            return Optional.of(new Rejection.InvalidField("add_member.power", Long.toUnsignedString(op.power()),
                    "must be positive"));
        }
        if (activePower() + op.power() > ValidatorSet.TOTAL_POWER_MAX || activePower() + op.power() < 0) {
            return Optional.of(new Rejection.Overflow("total voting power", activePower(), op.power()));
        }
        view.putMember(new MemberState(op.memberId(), op.validatorKey(), op.power(), op.p2pAddress()));
        return Optional.empty();
    }

    Optional<Rejection> remove(String memberId) {
        begin();
        MemberState member = view.member(memberId);
        if (member == null || !member.active()) {
            return Optional.of(new Rejection.UnknownMember(memberId));
        }
        if (activeCount() <= 1) {
            return Optional.of(new Rejection.EmptyValidatorSet(memberId));
        }
        Optional<Rejection> budget = reduce(member.power());
        if (budget.isPresent()) {
            return budget;
        }
        view.putMember(member.withPower(0));
        return Optional.empty();
    }

    Optional<Rejection> setPower(String memberId, long power) {
        begin();
        MemberState member = view.member(memberId);
        if (member == null || !member.active()) {
            return Optional.of(new Rejection.UnknownMember(memberId));
        }
        if (power <= 0) {
            return Optional.of(new Rejection.InvalidField("set_power.power", Long.toString(power),
                    "must be positive; remove a member with remove_member"));
        }
        if (power < member.power()) {
            Optional<Rejection> budget = reduce(member.power() - power);
            if (budget.isPresent()) {
                return budget;
            }
        } else if (activePower() + (power - member.power()) > ValidatorSet.TOTAL_POWER_MAX) {
            return Optional.of(new Rejection.Overflow("total voting power", activePower(), power - member.power()));
        }
        view.putMember(member.withPower(power));
        return Optional.empty();
    }

    private Optional<Rejection> reduce(long power) {
        if (3 * (reduced + power) > totalBefore) {
            return Optional.of(new Rejection.PowerChangeTooLarge(reduced + power, totalBefore));
        }
        reduced += power;
        return Optional.empty();
    }

    private long activePower() {
        long total = 0;
        for (MemberState member : view.members()) {
            total += member.power();
        }
        return total;
    }

    private int activeCount() {
        int count = 0;
        for (MemberState member : view.members()) {
            if (member.active()) {
                count++;
            }
        }
        return count;
    }
}
