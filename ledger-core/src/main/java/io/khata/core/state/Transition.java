package io.khata.core.state;

import io.khata.core.Identifiers;
import io.khata.core.Rejection;
import io.khata.core.crypto.Ed25519;
import io.khata.core.crypto.PublicKey;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxSignature;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The payments state machine: applies one transaction to a {@link StateView} in a block at a
 * given time, all operations or none. Pure and deterministic: the same view, transaction and time always
 * give the same result. The caller has already verified every signature on the transaction;
 * this class decides whether the signers are the ones who must sign.
 *
 * <p>Every amount is a positive number of minor units and every sum is overflow-checked.
 */
public final class Transition {
    private final LedgerRules rules;

    public Transition(LedgerRules rules) {
        this.rules = rules;
    }

    public LedgerRules rules() {
        return rules;
    }

    /**
     * Applies {@code tx} in a block whose (BFT) time is {@code blockTimeMillis}; on a rejection
     * the view is exactly as before. Expiry ({@link Expiry}) is judged before the replay window,
     * so a transaction is refused as replayed only while it could otherwise be included again.
     */
    public Optional<Rejection> apply(Transaction tx, StateView view, long blockTimeMillis) {
        long validUntil = tx.body().validUntilMillis();
        Optional<Rejection> expiry = Expiry.check(validUntil, blockTimeMillis, rules.maxTxTtlMillis());
        if (expiry.isPresent()) {
            return expiry;
        }
        if (view.replayWindowEnd(tx.hash()) >= 0) {
            return Optional.of(new Rejection.Replayed(tx.hash()));
        }
        List<TxSignature> signers = tx.signatures();
        MembershipChanges membership = null; // made on the first membership operation: most transactions have none
        int mark = view.mark();
        for (Operation operation : tx.body().operations()) {
            boolean isMembership = operation instanceof Operation.AddMember
                    || operation instanceof Operation.RemoveMember || operation instanceof Operation.SetPower;
            if (isMembership && membership == null) {
                membership = new MembershipChanges(view);
            }
            Optional<Rejection> rejection = isMembership
                    ? applyMembership(operation, signers, view, membership)
                    : applyOperation(operation, signers, view);
            if (rejection.isPresent()) {
                view.rollback(mark);
                return rejection;
            }
        }
        // Judged once the transaction is whole, against everything the block changed before it.
        Optional<Rejection> budget = membership != null ? membership.checkPowerBudget() : Optional.empty();
        if (budget.isPresent()) {
            view.rollback(mark);
            return budget;
        }
        view.rememberTransaction(tx.hash(), validUntil);
        return Optional.empty();
    }

    /**
     * Whether {@code key} signed: a scan, not a set, since a transaction carries at most
     * {@link io.khata.core.Limits#signaturesPerTxMax} signatures and nearly always one or two,
     * and a set per transaction was a tenth of what block validation allocated.
     */
    private static boolean signedBy(List<TxSignature> signers, PublicKey key) {
        for (int i = 0; i < signers.size(); i++) {
            if (signers.get(i).publicKey().equals(key)) {
                return true;
            }
        }
        return false;
    }

    private Optional<Rejection> applyOperation(Operation operation, List<TxSignature> signers, StateView view) {
        if (operation instanceof Operation.Transfer op) {
            return transfer(op, signers, view);
        } else if (operation instanceof Operation.Issue op) {
            return issue(op, signers, view);
        } else if (operation instanceof Operation.Redeem op) {
            return redeem(op, signers, view);
        } else if (operation instanceof Operation.CreateAccount op) {
            return createAccount(op, signers, view);
        } else if (operation instanceof Operation.CreateAsset op) {
            return createAsset(op, signers, view);
        } else if (operation instanceof Operation.SetFrozen op) {
            return setFrozen(op, signers, view);
        } else if (operation instanceof Operation.SetTransferLimit op) {
            return setTransferLimit(op, signers, view);
        }
        throw new IllegalStateException("unhandled operation " + operation);
    }

    private Optional<Rejection> transfer(Operation.Transfer op, List<TxSignature> signers, StateView view) {
        if (op.amount() <= 0) {
            return Optional.of(new Rejection.InvalidAmount(op.amount()));
        }
        if (op.from().equals(op.to())) {
            return Optional.of(new Rejection.InvalidField("transfer.to", op.to(), "must differ from transfer.from"));
        }
        if (view.asset(op.asset()) == null) {
            return Optional.of(new Rejection.UnknownAsset(op.asset()));
        }
        AccountState from = view.account(op.from());
        if (from == null) {
            return Optional.of(new Rejection.UnknownAccount(op.from()));
        }
        AccountState to = view.account(op.to());
        if (to == null) {
            return Optional.of(new Rejection.UnknownAccount(op.to()));
        }
        Optional<Rejection> authorized = requireQuorum(from, signers);
        if (authorized.isPresent()) {
            return authorized;
        }
        if (from.frozen()) {
            return Optional.of(new Rejection.AccountFrozen(from.id()));
        }
        if (to.frozen()) {
            return Optional.of(new Rejection.AccountFrozen(to.id()));
        }
        long limit = from.transferLimit(op.asset());
        if (limit > 0 && op.amount() > limit) {
            return Optional.of(new Rejection.LimitExceeded(from.id(), op.asset(), limit, op.amount()));
        }
        long fromBalance = view.balance(op.from(), op.asset());
        if (fromBalance < op.amount()) {
            return Optional.of(new Rejection.InsufficientFunds(op.from(), op.asset(), fromBalance, op.amount()));
        }
        long toBalance = view.balance(op.to(), op.asset());
        if (toBalance > Long.MAX_VALUE - op.amount()) {
            return Optional.of(new Rejection.Overflow("balance of " + op.to(), toBalance, op.amount()));
        }
        view.putBalance(op.from(), op.asset(), fromBalance - op.amount());
        view.putBalance(op.to(), op.asset(), toBalance + op.amount());
        return Optional.empty();
    }

    /** What issuing and redeeming both check first: a positive amount, a known asset, its issuer's quorum. */
    private io.khata.core.Result<AssetState> issuerAction(String assetId, long amount, List<TxSignature> signers,
                                                          StateView view) {
        if (amount <= 0) {
            return io.khata.core.Result.err(new Rejection.InvalidAmount(amount));
        }
        AssetState asset = view.asset(assetId);
        if (asset == null) {
            return io.khata.core.Result.err(new Rejection.UnknownAsset(assetId));
        }
        Optional<Rejection> authorized = requireAccountQuorum(asset.issuer(), signers, view);
        return authorized.isPresent() ? io.khata.core.Result.err(authorized.get()) : io.khata.core.Result.ok(asset);
    }

    private Optional<Rejection> issue(Operation.Issue op, List<TxSignature> signers, StateView view) {
        io.khata.core.Result<AssetState> checked = issuerAction(op.asset(), op.amount(), signers, view);
        if (!checked.isOk()) {
            return Optional.of(checked.rejection());
        }
        AssetState asset = checked.value();
        AccountState to = view.account(op.to());
        if (to == null) {
            return Optional.of(new Rejection.UnknownAccount(op.to()));
        }
        if (to.frozen()) {
            return Optional.of(new Rejection.AccountFrozen(to.id()));
        }
        if (asset.supply() > Long.MAX_VALUE - op.amount()) {
            return Optional.of(new Rejection.Overflow("supply of " + asset.id(), asset.supply(), op.amount()));
        }
        long balance = view.balance(op.to(), op.asset());
        if (balance > Long.MAX_VALUE - op.amount()) {
            return Optional.of(new Rejection.Overflow("balance of " + op.to(), balance, op.amount()));
        }
        view.putAsset(asset.withSupply(asset.supply() + op.amount()));
        view.putBalance(op.to(), op.asset(), balance + op.amount());
        return Optional.empty();
    }

    private Optional<Rejection> redeem(Operation.Redeem op, List<TxSignature> signers, StateView view) {
        io.khata.core.Result<AssetState> checked = issuerAction(op.asset(), op.amount(), signers, view);
        if (!checked.isOk()) {
            return Optional.of(checked.rejection());
        }
        AssetState asset = checked.value();
        long balance = view.balance(asset.issuer(), asset.id());
        if (balance < op.amount()) {
            return Optional.of(new Rejection.InsufficientFunds(asset.issuer(), asset.id(), balance, op.amount()));
        }
        view.putAsset(asset.withSupply(asset.supply() - op.amount()));
        view.putBalance(asset.issuer(), asset.id(), balance - op.amount());
        return Optional.empty();
    }

    private Optional<Rejection> createAccount(Operation.CreateAccount op, List<TxSignature> signers, StateView view) {
        String problem = Identifiers.accountProblem(op.id(), rules.limits());
        if (problem != null) {
            return Optional.of(new Rejection.InvalidField("create_account.id", op.id(), problem));
        }
        String domain = Identifiers.domainOf(op.id());
        Optional<Rejection> authorized = requireDomainOwner(domain, signers, view);
        if (authorized.isPresent()) {
            return authorized;
        }
        if (view.account(op.id()) != null) {
            return Optional.of(new Rejection.DuplicateAccount(op.id()));
        }
        Optional<Rejection> keys = checkKeys(op.keys(), op.quorum());
        if (keys.isPresent()) {
            return keys;
        }
        view.putAccount(new AccountState(op.id(), op.keys(), op.quorum(), false, java.util.Map.of()));
        return Optional.empty();
    }

    private static Optional<Rejection> checkKeys(List<PublicKey> keys, int quorum) {
        if (keys.isEmpty()) {
            return Optional.of(new Rejection.InvalidField("create_account.keys", "[]", "needs at least one key"));
        }
        if (quorum < 1 || quorum > keys.size()) {
            return Optional.of(new Rejection.InvalidField("create_account.quorum", Integer.toString(quorum),
                    "must be between 1 and the number of keys (" + keys.size() + ")"));
        }
        Set<PublicKey> unique = new HashSet<>();
        for (PublicKey key : keys) {
            if (!unique.add(key)) {
                return Optional.of(new Rejection.InvalidField("create_account.keys", key.toHex(), "listed twice"));
            }
            if (!Ed25519.isStrongKey(key)) {
                return Optional.of(new Rejection.InvalidField("create_account.keys", key.toHex(),
                        "not a valid Ed25519 public key"));
            }
        }
        return Optional.empty();
    }

    private Optional<Rejection> createAsset(Operation.CreateAsset op, List<TxSignature> signers, StateView view) {
        Optional<Rejection> authorized = requireAccountQuorum(rules.authorityAccount(), signers, view);
        if (authorized.isPresent()) {
            return authorized;
        }
        String problem = Identifiers.assetProblem(op.id(), rules.limits());
        if (problem != null) {
            return Optional.of(new Rejection.InvalidField("create_asset.id", op.id(), problem));
        }
        if (view.asset(op.id()) != null) {
            return Optional.of(new Rejection.DuplicateAsset(op.id()));
        }
        if (view.account(op.issuer()) == null) {
            return Optional.of(new Rejection.UnknownAccount(op.issuer()));
        }
        if (op.decimals() < 0 || op.decimals() > LedgerRules.DECIMALS_MAX) {
            return Optional.of(new Rejection.InvalidField("create_asset.decimals", Integer.toString(op.decimals()),
                    "must be between 0 and " + LedgerRules.DECIMALS_MAX));
        }
        view.putAsset(new AssetState(op.id(), op.issuer(), op.decimals(), 0));
        return Optional.empty();
    }

    private Optional<Rejection> setFrozen(Operation.SetFrozen op, List<TxSignature> signers, StateView view) {
        Optional<Rejection> authorized = requireAccountQuorum(rules.authorityAccount(), signers, view);
        if (authorized.isPresent()) {
            return authorized;
        }
        AccountState account = view.account(op.account());
        if (account == null) {
            return Optional.of(new Rejection.UnknownAccount(op.account()));
        }
        view.putAccount(account.withFrozen(op.frozen()));
        return Optional.empty();
    }

    private Optional<Rejection> setTransferLimit(Operation.SetTransferLimit op, List<TxSignature> signers, StateView view) {
        Optional<Rejection> authorized = requireAccountQuorum(rules.authorityAccount(), signers, view);
        if (authorized.isPresent()) {
            return authorized;
        }
        AccountState account = view.account(op.account());
        if (account == null) {
            return Optional.of(new Rejection.UnknownAccount(op.account()));
        }
        if (view.asset(op.asset()) == null) {
            return Optional.of(new Rejection.UnknownAsset(op.asset()));
        }
        if (op.max() < 0) {
            return Optional.of(new Rejection.InvalidAmount(op.max()));
        }
        view.putAccount(account.withTransferLimit(op.asset(), op.max()));
        return Optional.empty();
    }

    private Optional<Rejection> applyMembership(Operation operation, List<TxSignature> signers, StateView view,
                                                MembershipChanges membership) {
        Optional<Rejection> authorized = requireAccountQuorum(rules.authorityAccount(), signers, view);
        if (authorized.isPresent()) {
            return authorized;
        }
        if (operation instanceof Operation.AddMember op) {
            return membership.add(op, rules);
        } else if (operation instanceof Operation.RemoveMember op) {
            return membership.remove(op.memberId());
        }
        Operation.SetPower op = (Operation.SetPower) operation;
        return membership.setPower(op.memberId(), op.power());
    }

    /** A member's domain is administered by the member's validator key; the authority's by its quorum. */
    private Optional<Rejection> requireDomainOwner(String domain, List<TxSignature> signers, StateView view) {
        if (domain.equals(rules.authorityDomain())) {
            return requireAccountQuorum(rules.authorityAccount(), signers, view);
        }
        MemberState member = view.member(domain);
        if (member == null || !member.active()) {
            return Optional.of(new Rejection.UnknownDomain(domain));
        }
        PublicKey memberKey = member.validatorKey();
        if (!signedBy(signers, memberKey)) {
            return Optional.of(new Rejection.NotAuthorized("member " + domain, 1, 0));
        }
        return Optional.empty();
    }

    private static Optional<Rejection> requireAccountQuorum(String accountId, List<TxSignature> signers, StateView view) {
        AccountState account = view.account(accountId);
        if (account == null) {
            return Optional.of(new Rejection.UnknownAccount(accountId));
        }
        return requireQuorum(account, signers);
    }

    private static Optional<Rejection> requireQuorum(AccountState account, List<TxSignature> signers) {
        int present = 0;
        for (PublicKey key : account.keys()) {
            if (signedBy(signers, key)) {
                present++;
            }
        }
        if (present < account.quorum()) {
            return Optional.of(new Rejection.NotAuthorized(account.id(), account.quorum(), present));
        }
        return Optional.empty();
    }
}
