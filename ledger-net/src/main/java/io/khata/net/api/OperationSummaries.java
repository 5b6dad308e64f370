package io.khata.net.api;

import io.khata.core.tx.Operation;
import io.khata.proto.api.OperationSummary;
import java.math.BigDecimal;
import java.util.Map;

/**
 * One short line per operation for the event stream, e.g. {@code transfer 100.50 PKR
 * bank0/alice -> bank1/bob}: amounts in the asset's major unit when its decimals are known, in
 * minor units otherwise. For people and dashboards; a program reads the transaction itself.
 */
final class OperationSummaries {
    private OperationSummaries() {
    }

    /** @param decimals each asset's decimals, by asset id */
    static OperationSummary of(Operation operation, Map<String, Integer> decimals) {
        OperationSummary.Builder summary = OperationSummary.newBuilder();
        if (operation instanceof Operation.Transfer t) {
            summary.setType("transfer").setSummary("transfer " + amount(t.amount(), t.asset(), decimals)
                    + " " + t.from() + " -> " + t.to());
        } else if (operation instanceof Operation.Issue i) {
            summary.setType("issue").setSummary("issue " + amount(i.amount(), i.asset(), decimals) + " to " + i.to());
        } else if (operation instanceof Operation.Redeem r) {
            summary.setType("redeem").setSummary("redeem " + amount(r.amount(), r.asset(), decimals));
        } else if (operation instanceof Operation.CreateAccount c) {
            summary.setType("create_account").setSummary("create account " + c.id() + " (" + c.keys().size()
                    + " keys, quorum " + c.quorum() + ")");
        } else if (operation instanceof Operation.CreateAsset c) {
            summary.setType("create_asset").setSummary("create asset " + c.id() + " issued by " + c.issuer()
                    + " with " + c.decimals() + " decimals");
        } else if (operation instanceof Operation.SetFrozen f) {
            summary.setType("set_frozen").setSummary((f.frozen() ? "freeze " : "unfreeze ") + f.account());
        } else if (operation instanceof Operation.SetTransferLimit l) {
            summary.setType("set_transfer_limit").setSummary("transfer limit of " + l.account() + ": "
                    + (l.max() == 0 ? "none for " + l.asset() : amount(l.max(), l.asset(), decimals)));
        } else if (operation instanceof Operation.AddMember a) {
            summary.setType("add_member").setSummary("add member " + a.memberId() + " with power " + a.power());
        } else if (operation instanceof Operation.RemoveMember r) {
            summary.setType("remove_member").setSummary("remove member " + r.memberId());
        } else if (operation instanceof Operation.SetPower p) {
            summary.setType("set_power").setSummary("set power of " + p.memberId() + " to " + p.power());
        } else {
            throw new IllegalStateException("an operation without a summary: " + operation.getClass());
        }
        return summary.build();
    }

    static String amount(long minorUnits, String asset, Map<String, Integer> decimals) {
        Integer places = decimals.get(asset);
        if (places == null) {
            return minorUnits + " minor units of " + asset;
        }
        return BigDecimal.valueOf(minorUnits, places).toPlainString() + " " + asset;
    }
}
