package io.khata.core.audit;

import io.khata.core.Identifiers;
import io.khata.core.block.Block;
import io.khata.core.block.Commit;
import io.khata.core.block.CommitSig;
import io.khata.core.block.Evidence;
import io.khata.core.genesis.AccountSpec;
import io.khata.core.genesis.AssetSpec;
import io.khata.core.genesis.Genesis;
import io.khata.core.genesis.Member;
import io.khata.core.state.AccountState;
import io.khata.core.state.AssetState;
import io.khata.core.state.BalanceKey;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts what the checked blocks did, per asset and per bank, for the report. It only reads
 * blocks that have already passed their checks, and it decides nothing: the conservation
 * verdict compares its counts with the state re-execution reached.
 */
final class AuditTally {
    private final Map<String, AssetCounts> assets = new TreeMap<>();
    private final Map<String, BankCounts> banks = new TreeMap<>();
    private final List<AuditReport.MembershipChange> membership = new ArrayList<>();
    private final List<AuditReport.EvidenceRecord> evidence = new ArrayList<>();
    private final List<AuditReport.FreezeRecord> freezes = new ArrayList<>();
    private long transactions;
    private long operations;

    private static final class AssetCounts {
        String issuer = "";
        long genesisSupply;
        BigInteger issued = BigInteger.ZERO;
        BigInteger redeemed = BigInteger.ZERO;
        long issues;
        long redemptions;
        long transfers;
        BigInteger volume = BigInteger.ZERO;
    }

    private static final class BankCounts {
        long proposed;
        long signed;
        long transfersOut;
        long transfersIn;
        final Map<String, BigInteger> volumeOut = new TreeMap<>();
        final Map<String, BigInteger> volumeIn = new TreeMap<>();
        long accountsCreated;
    }

    AuditTally(Genesis genesis) {
        for (AssetSpec spec : genesis.assets()) {
            asset(spec.id()).issuer = spec.issuer();
        }
        for (AccountSpec spec : genesis.accounts()) {
            for (Map.Entry<String, Long> balance : spec.balances().entrySet()) {
                asset(balance.getKey()).genesisSupply += balance.getValue();
            }
        }
        for (Member member : genesis.members()) {
            bank(member.id());
        }
    }

    void record(Block block, Commit commit) {
        long height = block.height();
        bank(block.header().proposer()).proposed++;
        for (CommitSig sig : commit.signatures()) {
            bank(sig.validator()).signed++;
        }
        for (Evidence item : block.evidence()) {
            evidence.add(new AuditReport.EvidenceRecord(height, item.validator(), item.height(), item.first().round(),
                    item.first().type().name()));
        }
        for (Transaction tx : block.transactions()) {
            transactions++;
            for (Operation operation : tx.body().operations()) {
                operations++;
                record(height, operation);
            }
        }
    }

    private void record(long height, Operation operation) {
        if (operation instanceof Operation.Transfer transfer) {
            AssetCounts asset = asset(transfer.asset());
            asset.transfers++;
            asset.volume = asset.volume.add(BigInteger.valueOf(transfer.amount()));
            BankCounts from = bank(Identifiers.domainOf(transfer.from()));
            from.transfersOut++;
            from.volumeOut.merge(transfer.asset(), BigInteger.valueOf(transfer.amount()), BigInteger::add);
            BankCounts to = bank(Identifiers.domainOf(transfer.to()));
            to.transfersIn++;
            to.volumeIn.merge(transfer.asset(), BigInteger.valueOf(transfer.amount()), BigInteger::add);
        } else if (operation instanceof Operation.Issue issue) {
            AssetCounts asset = asset(issue.asset());
            asset.issued = asset.issued.add(BigInteger.valueOf(issue.amount()));
            asset.issues++;
        } else if (operation instanceof Operation.Redeem redeem) {
            AssetCounts asset = asset(redeem.asset());
            asset.redeemed = asset.redeemed.add(BigInteger.valueOf(redeem.amount()));
            asset.redemptions++;
        } else if (operation instanceof Operation.CreateAsset create) {
            asset(create.id()).issuer = create.issuer();
        } else if (operation instanceof Operation.CreateAccount create) {
            bank(Identifiers.domainOf(create.id())).accountsCreated++;
        } else if (operation instanceof Operation.SetFrozen frozen) {
            freezes.add(new AuditReport.FreezeRecord(height, frozen.account(), frozen.frozen()));
        } else if (operation instanceof Operation.AddMember add) {
            membership.add(new AuditReport.MembershipChange(height, "add_member", add.memberId(), add.power()));
            bank(add.memberId());
        } else if (operation instanceof Operation.RemoveMember remove) {
            membership.add(new AuditReport.MembershipChange(height, "remove_member", remove.memberId(), 0));
        } else if (operation instanceof Operation.SetPower power) {
            membership.add(new AuditReport.MembershipChange(height, "set_power", power.memberId(), power.power()));
        }
    }

    long transactions() {
        return transactions;
    }

    long operations() {
        return operations;
    }

    List<AuditReport.MembershipChange> membership() {
        return membership;
    }

    List<AuditReport.EvidenceRecord> evidence() {
        return evidence;
    }

    List<AuditReport.FreezeRecord> freezes() {
        return freezes;
    }

    /** The asset summaries without end state (trusted mode, or an audit that failed). */
    List<AuditReport.AssetSummary> assetSummaries() {
        List<AuditReport.AssetSummary> summaries = new ArrayList<>();
        for (Map.Entry<String, AssetCounts> entry : assets.entrySet()) {
            AssetCounts counts = entry.getValue();
            summaries.add(new AuditReport.AssetSummary(entry.getKey(), counts.issuer, counts.genesisSupply, counts.issued,
                    counts.redeemed, counts.issues, counts.redemptions, counts.transfers, counts.volume, null, null, null,
                    null));
        }
        return summaries;
    }

    /**
     * The asset summaries with the end state and the conservation verdict of each asset: genesis
     * supply + issued - redeemed = the asset's recorded supply = the sum of all balances.
     */
    List<AuditReport.AssetSummary> conservation(AuditStore store) {
        Map<String, BigInteger> sums = new TreeMap<>();
        Map<String, Long> holders = new TreeMap<>();
        for (Map.Entry<BalanceKey, Long> balance : store.balances().entrySet()) {
            sums.merge(balance.getKey().asset(), BigInteger.valueOf(balance.getValue()), BigInteger::add);
            if (balance.getValue() != 0) {
                holders.merge(balance.getKey().asset(), 1L, Long::sum);
            }
        }
        List<AuditReport.AssetSummary> summaries = new ArrayList<>();
        for (AssetState state : store.assets()) {
            AssetCounts counts = asset(state.id());
            BigInteger expected = BigInteger.valueOf(counts.genesisSupply).add(counts.issued)
                    .subtract(counts.redeemed);
            BigInteger sum = sums.getOrDefault(state.id(), BigInteger.ZERO);
            boolean conserved = expected.equals(BigInteger.valueOf(state.supply())) && sum.equals(expected);
            summaries.add(new AuditReport.AssetSummary(state.id(), state.issuer(), counts.genesisSupply, counts.issued,
                    counts.redeemed, counts.issues, counts.redemptions, counts.transfers, counts.volume, state.supply(),
                    sum, holders.getOrDefault(state.id(), 0L), conserved));
        }
        summaries.sort(java.util.Comparator.comparing(AuditReport.AssetSummary::id));
        return summaries;
    }

    /** Bank summaries; with {@code store}, also each bank's accounts and frozen accounts at the end. */
    List<AuditReport.BankSummary> bankSummaries(AuditStore store) {
        Map<String, Long> accounts = new TreeMap<>();
        Map<String, Long> frozen = new TreeMap<>();
        if (store != null) {
            for (String id : store.accountIds()) {
                String domain = Identifiers.domainOf(id);
                bank(domain);
                accounts.merge(domain, 1L, Long::sum);
                AccountState account = store.account(id);
                if (account != null && account.frozen()) {
                    frozen.merge(domain, 1L, Long::sum);
                }
            }
        }
        List<AuditReport.BankSummary> summaries = new ArrayList<>();
        for (Map.Entry<String, BankCounts> entry : banks.entrySet()) {
            BankCounts counts = entry.getValue();
            summaries.add(new AuditReport.BankSummary(entry.getKey(), counts.proposed, counts.signed, counts.transfersOut,
                    counts.transfersIn, counts.volumeOut, counts.volumeIn, counts.accountsCreated,
                    store == null ? null : accounts.getOrDefault(entry.getKey(), 0L),
                    frozen.getOrDefault(entry.getKey(), 0L)));
        }
        return summaries;
    }

    private AssetCounts asset(String id) {
        return assets.computeIfAbsent(id, key -> new AssetCounts());
    }

    private BankCounts bank(String id) {
        return banks.computeIfAbsent(id, key -> new BankCounts());
    }
}
