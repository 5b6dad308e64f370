package io.khata.net.audit;

import io.khata.core.audit.AuditReport;
import java.math.BigInteger;
import java.util.Map;

/** An audit report as one JSON object: verdict, scope, notes and the summary, for scripts. */
final class ReportJson {
    private ReportJson() {
    }

    static String render(AuditReport report, AuditTiming timing) {
        JsonText json = new JsonText().beginObject()
                .field("valid", report.passed())
                .field("chain_id", report.chainId())
                .field("mode", report.mode())
                .field("re_executed", report.mode().equals("genesis"));
        json.name("failure");
        if (report.passed()) {
            json.value((String) null);
        } else {
            json.beginObject().field("height", report.failure().height()).field("check", report.failure().check().code())
                    .field("reason", report.failure().reason()).endObject();
        }
        json.field("from_height", report.fromHeight()).field("last_height", report.lastHeight())
                .field("blocks", report.blocks()).field("transactions", report.transactions())
                .field("operations", report.operations())
                .field("last_block_hash", report.lastBlockHash() == null ? null : report.lastBlockHash().toHex())
                .field("state_root", report.stateRoot() == null ? null : report.stateRoot().toHex());
        if (timing != null) {
            json.name("speed").beginObject().field("seconds", timing.seconds()).field("blocks_per_second", timing.blocksPerSecond())
                    .field("transactions_per_second", timing.transactionsPerSecond()).endObject();
        }
        assets(json, report);
        banks(json, report);
        events(json, report);
        json.name("frozen_accounts").beginArray();
        report.frozenAccounts().forEach(json::value);
        json.endArray().name("notes").beginArray();
        report.notes().forEach(json::value);
        return json.endArray().endObject().toString();
    }

    private static void assets(JsonText json, AuditReport report) {
        json.name("assets").beginArray();
        for (AuditReport.AssetSummary asset : report.assets()) {
            json.beginObject().field("id", asset.id()).field("issuer", asset.issuer())
                    .field("genesis_supply", asset.genesisSupply()).field("issued", asset.issued())
                    .field("redeemed", asset.redeemed()).field("issues", asset.issues())
                    .field("redemptions", asset.redemptions()).field("transfers", asset.transfers())
                    .field("transfer_volume", asset.transferVolume()).field("supply", asset.supply())
                    .field("balances_sum", asset.balancesSum()).field("holders", asset.holders())
                    .field("conserved", asset.conserved()).endObject();
        }
        json.endArray();
    }

    private static void banks(JsonText json, AuditReport report) {
        json.name("banks").beginArray();
        for (AuditReport.BankSummary bank : report.banks()) {
            json.beginObject().field("id", bank.id()).field("blocks_proposed", bank.blocksProposed())
                    .field("commits_signed", bank.commitsSigned()).field("transfers_out", bank.transfersOut())
                    .field("transfers_in", bank.transfersIn());
            volumes(json.name("volume_out"), bank.volumeOut());
            volumes(json.name("volume_in"), bank.volumeIn());
            json.field("accounts_created", bank.accountsCreated()).field("accounts_at_end", bank.accountsAtEnd())
                    .field("frozen_at_end", bank.frozenAtEnd()).endObject();
        }
        json.endArray();
    }

    private static void volumes(JsonText json, Map<String, BigInteger> volumes) {
        json.beginObject();
        new java.util.TreeMap<>(volumes).forEach((asset, volume) -> json.field(asset, volume));
        json.endObject();
    }

    private static void events(JsonText json, AuditReport report) {
        json.name("membership_changes").beginArray();
        for (AuditReport.MembershipChange change : report.membershipChanges()) {
            json.beginObject().field("height", change.height()).field("kind", change.kind())
                    .field("member", change.memberId()).field("power", change.power()).endObject();
        }
        json.endArray().name("evidence").beginArray();
        for (AuditReport.EvidenceRecord evidence : report.evidence()) {
            json.beginObject().field("height", evidence.height()).field("validator", evidence.validator())
                    .field("offence_height", evidence.offenceHeight()).field("round", evidence.round())
                    .field("vote_type", evidence.voteType()).endObject();
        }
        json.endArray().name("freezes").beginArray();
        for (AuditReport.FreezeRecord freeze : report.freezes()) {
            json.beginObject().field("height", freeze.height()).field("account", freeze.account())
                    .field("frozen", freeze.frozen()).endObject();
        }
        json.endArray();
    }
}
