package io.khata.core.ledger;

import io.khata.core.state.AssetState;
import io.khata.core.state.StateReader;
import io.khata.core.store.AccountTx;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which accounts a block's transactions touch, for account history: the accounts an operation
 * names, and for issuing and redeeming the asset's issuer, whose supply account changes. Member
 * operations (add, remove, set power) touch validators, not accounts, and appear in no history.
 * Each account appears once per transaction however many of its operations name it.
 */
final class TouchedAccounts {
    private TouchedAccounts() {
    }

    /** The history entries of {@code transactions}, read against the block's post-state for issuers. */
    static List<AccountTx> of(List<Transaction> transactions, StateReader state) {
        List<AccountTx> entries = new ArrayList<>();
        for (int index = 0; index < transactions.size(); index++) {
            for (String account : accounts(transactions.get(index).body().operations(), state)) {
                entries.add(new AccountTx(account, index));
            }
        }
        return entries;
    }

    static Set<String> accounts(List<Operation> operations, StateReader state) {
        Set<String> accounts = new LinkedHashSet<>();
        for (Operation operation : operations) {
            if (operation instanceof Operation.CreateAccount create) {
                accounts.add(create.id());
            } else if (operation instanceof Operation.CreateAsset asset) {
                accounts.add(asset.issuer());
            } else if (operation instanceof Operation.Issue issue) {
                addIssuer(accounts, issue.asset(), state);
                accounts.add(issue.to());
            } else if (operation instanceof Operation.Redeem redeem) {
                addIssuer(accounts, redeem.asset(), state);
            } else if (operation instanceof Operation.Transfer transfer) {
                accounts.add(transfer.from());
                accounts.add(transfer.to());
            } else if (operation instanceof Operation.SetFrozen frozen) {
                accounts.add(frozen.account());
            } else if (operation instanceof Operation.SetTransferLimit limit) {
                accounts.add(limit.account());
            }
        }
        return accounts;
    }

    private static void addIssuer(Set<String> accounts, String assetId, StateReader state) {
        AssetState asset = state.asset(assetId);
        if (asset == null) {
            throw new IllegalStateException("a committed transaction names asset " + assetId + " that does not exist");
        }
        accounts.add(asset.issuer());
    }
}
