package io.khata.net.audit;

import io.khata.core.audit.AuditReport;

/** The verdict and a short summary for a person at a terminal. */
final class ReportText {
    private ReportText() {
    }

    static String render(AuditReport report) {
        StringBuilder text = new StringBuilder();
        if (report.passed()) {
            text.append("valid: ");
        } else {
            text.append("invalid at height ").append(report.failure().height()).append(": ")
                    .append(report.failure().check().code()).append(": ").append(report.failure().reason()).append('\n')
                    .append("checked before the failure: ");
        }
        text.append(report.blocks()).append(" blocks (").append(report.fromHeight()).append("..")
                .append(report.lastHeight()).append("), ").append(report.transactions()).append(" transactions, ")
                .append(report.mode().equals("genesis") ? "re-executed from genesis" : "checked from a trusted header");
        for (AuditReport.AssetSummary asset : report.assets()) {
            text.append('\n').append("  ").append(asset.id()).append(": issued ").append(asset.issued())
                    .append(", redeemed ").append(asset.redeemed()).append(", ").append(asset.transfers())
                    .append(" transfers");
            if (asset.conserved() != null) {
                text.append(", supply ").append(asset.supply()).append(", sum of balances ").append(asset.balancesSum())
                        .append(asset.conserved() ? ", conserved" : ", NOT CONSERVED");
            }
        }
        for (String note : report.notes()) {
            text.append('\n').append("note: ").append(note);
        }
        return text.toString();
    }
}
