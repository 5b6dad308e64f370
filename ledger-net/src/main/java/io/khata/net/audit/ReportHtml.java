package io.khata.net.audit;

import io.khata.core.audit.AuditReport;
import java.util.List;
import java.util.Map;

/**
 * An audit report as one self-contained HTML page (no script, no external resource) for the
 * regulator's files. Everything that came from the bundle (account, asset and member ids, reasons)
 * is escaped before it is written.
 */
final class ReportHtml {
    private ReportHtml() {
    }

    static String render(AuditReport report, AuditTiming timing) {
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Khata audit of ")
                .append(escape(report.chainId())).append("</title><style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #bbb;padding:.25em .6em;text-align:right}th{background:#eee}")
                .append("td:first-child{text-align:left}.valid{color:#060}.invalid{color:#a00}.note{background:#ffd;padding:.5em}")
                .append("</style></head><body>\n");
        html.append("<h1>Audit of chain ").append(escape(report.chainId())).append("</h1>\n");
        verdict(html, report, timing);
        for (String note : report.notes()) {
            html.append("<p class=\"note\">").append(escape(note)).append("</p>\n");
        }
        assets(html, report);
        banks(html, report);
        events(html, report);
        return html.append("</body></html>\n").toString();
    }

    private static void verdict(StringBuilder html, AuditReport report, AuditTiming timing) {
        if (report.passed()) {
            html.append("<p class=\"valid\"><strong>Valid.</strong> Every check held.</p>\n");
        } else {
            html.append("<p class=\"invalid\"><strong>Invalid</strong> at height ").append(report.failure().height())
                    .append(": check <code>").append(escape(report.failure().check().code())).append("</code> failed: ")
                    .append(escape(report.failure().reason())).append("</p>\n");
        }
        html.append("<p>Mode: ").append(report.mode().equals("genesis") ? "re-executed from the genesis state"
                : "checked from a trusted header, without re-execution").append(". Heights ").append(report.fromHeight())
                .append(" to ").append(report.lastHeight()).append(": ").append(report.blocks()).append(" blocks, ")
                .append(report.transactions()).append(" transactions, ").append(report.operations()).append(" operations.");
        if (report.lastBlockHash() != null) {
            html.append(" Last block hash <code>").append(report.lastBlockHash().toHex()).append("</code>.");
        }
        if (report.stateRoot() != null) {
            html.append(" State root <code>").append(report.stateRoot().toHex()).append("</code>.");
        }
        if (timing != null) {
            html.append(" Checked in ").append(String.format("%.2f", timing.seconds())).append(" s (")
                    .append(timing.blocksPerSecond()).append(" blocks/s, ").append(timing.transactionsPerSecond())
                    .append(" tx/s).");
        }
        html.append("</p>\n");
    }

    private static void assets(StringBuilder html, AuditReport report) {
        html.append("<h2>Assets</h2>\n<table><tr><th>asset</th><th>issuer</th><th>genesis supply</th><th>issued</th>")
                .append("<th>redeemed</th><th>transfers</th><th>transfer volume</th><th>supply</th><th>sum of balances</th>")
                .append("<th>holders</th><th>conserved</th></tr>\n");
        for (AuditReport.AssetSummary asset : report.assets()) {
            row(html, List.of(asset.id(), asset.issuer(), asset.genesisSupply(), asset.issued(), asset.redeemed(),
                    asset.transfers(), asset.transferVolume(), text(asset.supply()), text(asset.balancesSum()),
                    text(asset.holders()), asset.conserved() == null ? "not checked" : asset.conserved() ? "yes" : "NO"));
        }
        html.append("</table>\n");
    }

    private static void banks(StringBuilder html, AuditReport report) {
        html.append("<h2>Banks</h2>\n<table><tr><th>bank</th><th>blocks proposed</th><th>commits signed</th>")
                .append("<th>transfers out</th><th>volume out</th><th>transfers in</th><th>volume in</th>")
                .append("<th>accounts opened</th><th>accounts at end</th><th>frozen at end</th></tr>\n");
        for (AuditReport.BankSummary bank : report.banks()) {
            row(html, List.of(bank.id(), bank.blocksProposed(), bank.commitsSigned(), bank.transfersOut(),
                    volumes(bank.volumeOut()), bank.transfersIn(), volumes(bank.volumeIn()), bank.accountsCreated(),
                    text(bank.accountsAtEnd()), bank.frozenAtEnd()));
        }
        html.append("</table>\n");
    }

    private static void events(StringBuilder html, AuditReport report) {
        html.append("<h2>Membership changes</h2>\n<table><tr><th>height</th><th>change</th><th>member</th><th>power</th></tr>\n");
        for (AuditReport.MembershipChange change : report.membershipChanges()) {
            row(html, List.of(change.height(), change.kind(), change.memberId(), change.power()));
        }
        html.append("</table>\n<h2>Evidence committed</h2>\n<table><tr><th>block</th><th>against</th>")
                .append("<th>offence height</th><th>round</th><th>vote</th></tr>\n");
        for (AuditReport.EvidenceRecord evidence : report.evidence()) {
            row(html, List.of(evidence.height(), evidence.validator(), evidence.offenceHeight(), evidence.round(),
                    evidence.voteType()));
        }
        html.append("</table>\n<h2>Freezes</h2>\n<table><tr><th>height</th><th>account</th><th>action</th></tr>\n");
        for (AuditReport.FreezeRecord freeze : report.freezes()) {
            row(html, List.of(freeze.height(), freeze.account(), freeze.frozen() ? "frozen" : "unfrozen"));
        }
        html.append("</table>\n<p>Frozen at the end: ").append(escape(report.frozenAccounts().isEmpty() ? "none"
                : String.join(", ", report.frozenAccounts()))).append("</p>\n");
    }

    private static void row(StringBuilder html, List<Object> cells) {
        html.append("<tr>");
        for (Object cell : cells) {
            html.append("<td>").append(escape(String.valueOf(cell))).append("</td>");
        }
        html.append("</tr>\n");
    }

    private static String volumes(Map<String, ? extends Number> volumes) {
        StringBuilder text = new StringBuilder();
        new java.util.TreeMap<>(volumes).forEach((asset, volume) -> text.append(text.length() == 0 ? "" : ", ")
                .append(volume).append(' ').append(asset));
        return text.length() == 0 ? "-" : text.toString();
    }

    private static String text(Object value) {
        return value == null ? "not checked" : value.toString();
    }

    /** Escapes the five characters that carry meaning in HTML text and attribute values. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&':
                    escaped.append("&amp;");
                    break;
                case '<':
                    escaped.append("&lt;");
                    break;
                case '>':
                    escaped.append("&gt;");
                    break;
                case '"':
                    escaped.append("&quot;");
                    break;
                case '\'':
                    escaped.append("&#39;");
                    break;
                default:
                    escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
