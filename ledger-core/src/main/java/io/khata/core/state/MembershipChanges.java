package io.khata.core.state;

import io.khata.core.Identifiers;
import io.khata.core.Rejection;
import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Ed25519;
import io.khata.core.tx.Operation;
import java.util.Optional;

/**
 * The membership operations of one transaction, applied to a view, with the safety rules that
 * keep consecutive validator sets overlapping: the set never becomes empty, and the validator
 * set changes that take effect at one height move at most 1/3 of the voting power in force
 * before them (see {@link #checkPowerBudget}). Member ids and validator keys are never reused,
 * even after a removal.
 */
final class MembershipChanges {
    private final StateView view;

    MembershipChanges(StateView view) {
        this.view = view;
    }

    Optional<Rejection> add(Operation.AddMember op, LedgerRules rules) {
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
        if (op.power() > ValidatorSet.TOTAL_POWER_MAX - activePower()) { // never overflows: activePower() <= TOTAL_POWER_MAX
            return Optional.of(new Rejection.Overflow("total voting power", activePower(), op.power()));
        }
        view.putMember(new MemberState(op.memberId(), op.validatorKey(), op.power(), op.p2pAddress()));
        return Optional.empty();
    }

    Optional<Rejection> remove(String memberId) {
        MemberState member = view.member(memberId);
        if (member == null || !member.active()) {
            return Optional.of(new Rejection.UnknownMember(memberId));
        }
        if (activeCount() <= 1) {
            return Optional.of(new Rejection.EmptyValidatorSet(memberId));
        }
        view.putMember(member.withPower(0));
        return Optional.empty();
    }

    Optional<Rejection> setPower(String memberId, long power) {
        MemberState member = view.member(memberId);
        if (member == null || !member.active()) {
            return Optional.of(new Rejection.UnknownMember(memberId));
        }
        if (power <= 0) {
            return Optional.of(new Rejection.InvalidField("set_power.power", Long.toString(power),
                    "must be positive; remove a member with remove_member"));
        }
        if (power - member.power() > ValidatorSet.TOTAL_POWER_MAX - activePower()) { // never overflows: both sides are differences of non-negative longs
            return Optional.of(new Rejection.Overflow("total voting power", activePower(), power - member.power()));
        }
        view.putMember(member.withPower(power));
        return Optional.empty();
    }

    /**
     * The rule that bounds the authority's key: the changes a block makes to the validator set
     * take effect together, two heights later, so they are judged together. Summed over every
     * member, the difference between its power after the block's transactions so far (this
     * one included) and its power in force before the block (the view's base: the committed
     * state) is at most 1/3 of the total power in force before the block. Additions and raises
     * count as much as removals and reductions: adding 100 beside four validators of power 1
     * would let the newcomer alone commit, and removing half would let the rest be outvoted.
     *
     * <p>Each block's changes take effect at their own height (h + 2 for a block at h), so no
     * two blocks' changes ever meet at one height and the bound per block is the bound per height.
     * The comparison {@code changed <= total / 3} (integer division) is {@code 3 * changed <= total}
     * without overflow.
     */
    Optional<Rejection> checkPowerBudget() {
        StateReader before = view.base();
        long totalBefore = 0;
        for (MemberState member : before.members()) {
            totalBefore += member.power();
        }
        long changed = 0;
        for (String id : view.changedMembers().keySet()) {
            MemberState then = before.member(id);
            long powerBefore = then == null ? 0 : then.power();
            changed += Math.abs(view.member(id).power() - powerBefore);
        }
        if (changed > totalBefore / 3) {
            return Optional.of(new Rejection.PowerChangeTooLarge(changed, totalBefore));
        }
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
