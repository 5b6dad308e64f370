package io.khata.core.audit;

/** The checks of an audit, each with the stable name reports and scripts use. */
public enum AuditCheck {
    /** Magic, version, record framing and order, canonical encodings, the trailer. */
    BUNDLE_FORMAT("bundle_format"),
    /** The bundle is of another chain than the genesis file's. */
    CHAIN_ID("chain_id"),
    /** The blocks are not consecutive heights: one dropped, repeated or moved. */
    BLOCK_ORDER("block_order"),
    /** The trusted starting header and the anchor records it authenticates. */
    TRUST_ANCHOR("trust_anchor"),
    /** The commit certificate of a block: structure, signers, signatures, quorum. */
    COMMIT("commit"),
    /** A header: decoding, height, hash certified by its commit, linkage, proposer, validators hash. */
    HEADER("header"),
    /** The block time rule. */
    TIME("time"),
    /** The previous block's commit carried inside a block. */
    LAST_COMMIT("last_commit"),
    /** A transaction that does not decode. */
    TRANSACTION("transaction"),
    /** The transactions do not give the header's tx_root: a body changed, dropped or moved. */
    TX_ROOT("tx_root"),
    /** A transaction signature that does not verify, or is not canonical. */
    TX_SIGNATURE("tx_signature"),
    /** Re-execution refuses a transaction. */
    EXECUTION("execution"),
    /** Re-execution gives another state root than the header's. */
    STATE_ROOT("state_root"),
    /** A membership change: the set a header commits to, and the bundle's record of it. */
    VALIDATOR_SET("validator_set"),
    /** Evidence of equivocation in a block. */
    EVIDENCE("evidence"),
    /** Every asset's supply against issuance, redemption and the sum of balances. */
    CONSERVATION("conservation");

    private final String code;

    AuditCheck(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
