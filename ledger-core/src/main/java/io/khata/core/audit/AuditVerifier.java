package io.khata.core.audit;

import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.core.Result;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.ParallelVerifier;
import io.khata.core.genesis.Genesis;
import io.khata.core.ledger.LedgerOptions;
import io.khata.proto.audit.AuditEnd;
import io.khata.proto.audit.AuditStart;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Verifies an audit bundle against a genesis, streaming: one record in memory at a time. The
 * first failing check ends the audit; the report says where, which check and why, and carries
 * the summary of the blocks checked up to there. See the package documentation for the format
 * and the checks.
 */
public final class AuditVerifier {
    private final Genesis genesis;
    private final LedgerOptions options;
    private final TrustAnchor trust;
    private final AuditListener listener;
    private final AuditTally tally;
    private final List<String> notes = new ArrayList<>();
    private BundleReader reader;
    private BlockChecker checker;
    private AuditStart start;
    private long nextHeight;
    private long blocks;
    private Hash lastBlockHash;

    private AuditVerifier(Genesis genesis, LedgerOptions options, TrustAnchor trust, AuditListener listener) {
        this.genesis = genesis;
        this.options = options;
        this.trust = trust;
        this.listener = listener;
        this.tally = new AuditTally(genesis);
    }

    /**
     * Audits the bundle {@code in} against {@code genesis}. {@code trust} is needed when the
     * bundle starts past height 1 and ignored otherwise. I/O failures of the stream are thrown;
     * everything wrong with its content is in the report.
     */
    public static AuditReport verify(InputStream in, Genesis genesis, LedgerOptions options, TrustAnchor trust,
                                     AuditListener listener) throws IOException {
        AuditVerifier verifier = new AuditVerifier(genesis, options, trust, listener);
        verifier.reader = new BundleReader(in, BundleFormat.recordBytesMax(options.limits()));
        try (ParallelVerifier signatures = new ParallelVerifier(options.verifierThreads())) {
            AuditFailure failure = verifier.run(signatures);
            return verifier.report(failure);
        } finally {
            if (verifier.checker != null) {
                verifier.checker.close();
            }
        }
    }

    private AuditFailure run(ParallelVerifier signatures) throws IOException {
        Result<Integer> preamble = reader.readPreamble();
        if (!preamble.isOk()) {
            return new AuditFailure(0, AuditCheck.BUNDLE_FORMAT, preamble.rejection().message());
        }
        Optional<AuditFailure> opened = open(signatures);
        if (opened.isPresent()) {
            return opened.get();
        }
        Hash pendingSet = null;
        while (true) {
            Result<BundleRecord> next = reader.next();
            if (next == null) {
                return new AuditFailure(nextHeight, AuditCheck.BUNDLE_FORMAT, "the bundle ends without its END record (truncated?)");
            }
            if (!next.isOk()) {
                return new AuditFailure(nextHeight, AuditCheck.BUNDLE_FORMAT, next.rejection().message());
            }
            BundleRecord record = next.value();
            if (pendingSet != null && record.type() != BundleFormat.VALIDATORS) {
                return new AuditFailure(nextHeight - 1, AuditCheck.VALIDATOR_SET, "the block commits to a new validator set "
                        + pendingSet + " from height " + (nextHeight + 1) + ", and the bundle does not carry it: a membership"
                        + " change was dropped");
            }
            if (record.type() == BundleFormat.BLOCK) {
                Checked<Hash> checked = block(record);
                if (checked.failure() != null) {
                    return checked.failure();
                }
                pendingSet = checked.value();
            } else if (record.type() == BundleFormat.VALIDATORS) {
                Optional<AuditFailure> accepted = validators(record, pendingSet);
                if (accepted.isPresent()) {
                    return accepted.get();
                }
                pendingSet = null;
            } else if (record.type() == BundleFormat.END) {
                return end(record).orElse(null);
            } else {
                return new AuditFailure(nextHeight, AuditCheck.BUNDLE_FORMAT, "a " + BundleFormat.typeName(record.type())
                        + " record at byte " + record.offset() + ", where a BLOCK, VALIDATORS or END record belongs");
            }
        }
    }

    /** Reads START (and ANCHOR) and picks the mode. */
    private Optional<AuditFailure> open(ParallelVerifier signatures) throws IOException {
        Result<BundleRecord> first = reader.next();
        if (first == null || !first.isOk() || first.value().type() != BundleFormat.START) {
            return fail(0, AuditCheck.BUNDLE_FORMAT, "the bundle does not begin with a START record"
                    + (first != null && !first.isOk() ? ": " + first.rejection().message() : ""));
        }
        try {
            start = AuditStart.parseFrom(first.value().payload());
        } catch (InvalidProtocolBufferException e) {
            return fail(0, AuditCheck.BUNDLE_FORMAT, "the START record does not decode: " + e.getMessage());
        }
        if (!Arrays.equals(start.toByteArray(), first.value().payload())) {
            return fail(0, AuditCheck.BUNDLE_FORMAT, "the START record is not in canonical form");
        }
        if (!start.getChainId().equals(genesis.chainId())) {
            return fail(0, AuditCheck.CHAIN_ID, "the bundle is of chain '" + start.getChainId() + "', the genesis of '"
                    + genesis.chainId() + "'");
        }
        if (start.getFromHeight() < 1) {
            return fail(0, AuditCheck.BUNDLE_FORMAT, "the bundle starts at height 0; blocks start at 1");
        }
        nextHeight = start.getFromHeight();
        if (nextHeight == 1) {
            checker = new ReplayChecker(genesis, options);
            return Optional.empty();
        }
        return openTrusted(signatures);
    }

    private Optional<AuditFailure> openTrusted(ParallelVerifier signatures) throws IOException {
        notes.add("The range starts at height " + nextHeight + ", not at genesis: it was checked against the trusted header"
                + " for what needs no state (hash chain, commits, validator changes, time order, tx roots, transaction and"
                + " evidence signatures). Re-execution of the transactions, state roots, authorisation of signers and"
                + " conservation of assets were NOT checked: they need the range to start at genesis, because a state root"
                + " chains digests of changes and does not commit to the state itself.");
        if (trust == null) {
            return fail(0, AuditCheck.TRUST_ANCHOR, "the bundle starts at height " + nextHeight + "; give the hash of the"
                    + " block at height " + (nextHeight - 1) + " you trust (--trust-height " + (nextHeight - 1)
                    + " --trust-hash HEX), or audit a bundle from height 1");
        }
        Result<BundleRecord> anchor = reader.next();
        if (anchor == null || !anchor.isOk() || anchor.value().type() != BundleFormat.ANCHOR) {
            return fail(0, AuditCheck.BUNDLE_FORMAT, "a bundle from height " + nextHeight + " needs an ANCHOR record after START");
        }
        Checked<TrustedChecker> trusted = AnchorRecord.open(anchor.value().payload(), nextHeight, trust, genesis, signatures);
        if (trusted.failure() != null) {
            return Optional.of(trusted.failure());
        }
        checker = trusted.value();
        return Optional.empty();
    }

    /** Checks one BLOCK record; passes the hash of a set it puts in force, or null. */
    private Checked<Hash> block(BundleRecord record) {
        long height = nextHeight;
        Checked<CertifiedBlock> certified = CertifiedBlock.certify(height, record.payload(), genesis.chainId(),
                checker.validatorsAt(height), options.limits());
        if (certified.failure() != null) {
            return Checked.failed(certified.failure());
        }
        Optional<AuditFailure> checked = checker.check(certified.value());
        if (checked.isPresent()) {
            return Checked.failed(checked.get());
        }
        tally.record(certified.value().block(), certified.value().commit());
        blocks++;
        nextHeight++;
        lastBlockHash = certified.value().block().hash();
        listener.blockChecked(height, tally.transactions());
        return Checked.passed(checker.changedValidators(height, certified.value().block().header().nextValidatorsHash())
                .orElse(null));
    }

    private Optional<AuditFailure> validators(BundleRecord record, Hash pendingSet) {
        long height = nextHeight - 1;
        if (pendingSet == null) {
            return fail(height, AuditCheck.VALIDATOR_SET, "a validator set record follows block " + height
                    + ", which changes no validator set");
        }
        Checked<ValidatorSetRecord.Decoded> decoded = ValidatorSetRecord.decode(height, record.payload());
        if (decoded.failure() != null) {
            return Optional.of(decoded.failure());
        }
        if (decoded.value().effectiveHeight() != height + 2 || !decoded.value().set().hash().equals(pendingSet)) {
            return fail(height, AuditCheck.VALIDATOR_SET, "the validator set record after block " + height + " (from height "
                    + decoded.value().effectiveHeight() + ", hash " + decoded.value().set().hash()
                    + ") is not the set the block commits to, " + pendingSet + " from height " + (height + 2));
        }
        return checker.acceptValidators(height + 2, decoded.value().set());
    }

    private Optional<AuditFailure> end(BundleRecord record) throws IOException {
        long lastHeight = nextHeight - 1;
        AuditEnd end;
        try {
            end = AuditEnd.parseFrom(record.payload());
        } catch (InvalidProtocolBufferException e) {
            return fail(0, AuditCheck.BUNDLE_FORMAT, "the END record does not decode: " + e.getMessage());
        }
        if (!Arrays.equals(end.toByteArray(), record.payload())) {
            return fail(0, AuditCheck.BUNDLE_FORMAT, "the END record is not in canonical form");
        }
        if (blocks == 0) {
            return fail(0, AuditCheck.BUNDLE_FORMAT, "the bundle holds no block");
        }
        if (end.getBlockCount() != blocks || end.getLastHeight() != lastHeight
                || (start.getToHeight() != 0 && start.getToHeight() != lastHeight)) {
            return fail(0, AuditCheck.BUNDLE_FORMAT, "the bundle says it holds " + end.getBlockCount() + " blocks up to "
                    + end.getLastHeight() + " (START says up to " + start.getToHeight() + "), it holds " + blocks
                    + " up to " + lastHeight);
        }
        if (!Hash.of(padded(end.getChecksum().toByteArray())).equals(record.digestBefore())) {
            return fail(0, AuditCheck.BUNDLE_FORMAT, "the END checksum does not match the bundle's bytes (a damaged copy)");
        }
        if (reader.next() != null) {
            return fail(0, AuditCheck.BUNDLE_FORMAT, "bytes follow the END record");
        }
        return Optional.empty();
    }

    private static byte[] padded(byte[] checksum) {
        return checksum.length == Hash.BYTES ? checksum : new byte[Hash.BYTES];
    }

    private AuditReport report(AuditFailure failure) {
        boolean replayed = checker instanceof ReplayChecker;
        AuditFailure verdict = failure;
        List<AuditReport.AssetSummary> assets = tally.assetSummaries();
        AuditStore store = null;
        if (replayed && failure == null) {
            store = ((ReplayChecker) checker).store();
            assets = tally.conservation(store);
            verdict = conservationFailure(assets);
        }
        if (checker instanceof TrustedChecker trusted) {
            notes.addAll(trusted.uncheckedEvidence());
        }
        long from = start == null ? 0 : start.getFromHeight();
        Hash stateRoot = replayed && failure == null ? ((ReplayChecker) checker).stateRoot() : null;
        String mode = start == null ? "none" : start.getFromHeight() == 1 ? "genesis" : "trusted";
        return new AuditReport(genesis.chainId(), mode, verdict, from, nextHeight - 1, blocks,
                tally.transactions(), tally.operations(), lastBlockHash, stateRoot, assets, tally.bankSummaries(store),
                tally.membership(), tally.evidence(), tally.freezes(), frozenAccounts(store), notes);
    }

    private AuditFailure conservationFailure(List<AuditReport.AssetSummary> assets) {
        for (AuditReport.AssetSummary asset : assets) {
            if (!Boolean.TRUE.equals(asset.conserved())) {
                return new AuditFailure(nextHeight - 1, AuditCheck.CONSERVATION, "asset " + asset.id() + ": genesis "
                        + asset.genesisSupply() + " + issued " + asset.issued() + " - redeemed " + asset.redeemed()
                        + ", recorded supply " + asset.supply() + ", sum of balances " + asset.balancesSum());
            }
        }
        return null;
    }

    private static List<String> frozenAccounts(AuditStore store) {
        List<String> frozen = new ArrayList<>();
        if (store != null) {
            for (String id : store.accountIds()) {
                if (store.account(id) != null && store.account(id).frozen()) {
                    frozen.add(id);
                }
            }
        }
        return frozen;
    }

    private static Optional<AuditFailure> fail(long height, AuditCheck check, String reason) {
        return Optional.of(new AuditFailure(height, check, reason));
    }
}
