package io.khata.core.audit;

import io.khata.core.crypto.Hash;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * What an audit found: the verdict (passed, or the first failure), how much was checked and how,
 * and the regulator's summary of the range. The summary covers the blocks checked before a
 * failure; conservation and the end state are only filled when the range was re-executed from
 * genesis and every block held.
 *
 * @param mode          {@code genesis} (re-executed from the genesis state), {@code trusted}
 *                      (checked from a trusted header, without state), or {@code none} when the
 *                      bundle's first record could not be read
 * @param lastBlockHash the hash of the last block checked, or null if none was
 * @param stateRoot     the state root re-execution reached, or null in trusted mode
 * @param notes         what this audit could not check, in plain words
 */
public record AuditReport(
        String chainId,
        String mode,
        AuditFailure failure,
        long fromHeight,
        long lastHeight,
        long blocks,
        long transactions,
        long operations,
        Hash lastBlockHash,
        Hash stateRoot,
        List<AssetSummary> assets,
        List<BankSummary> banks,
        List<MembershipChange> membershipChanges,
        List<EvidenceRecord> evidence,
        List<FreezeRecord> freezes,
        List<String> frozenAccounts,
        List<String> notes) {

    public AuditReport {
        assets = List.copyOf(assets);
        banks = List.copyOf(banks);
        membershipChanges = List.copyOf(membershipChanges);
        evidence = List.copyOf(evidence);
        freezes = List.copyOf(freezes);
        frozenAccounts = List.copyOf(frozenAccounts);
        notes = List.copyOf(notes);
    }

    public boolean passed() {
        return failure == null;
    }

    /**
     * One asset over the range. {@code conserved} is null when not checked (trusted mode or a
     * failed audit); otherwise whether genesis supply + issued - redeemed = supply = sum of balances.
     */
    public record AssetSummary(String id, String issuer, long genesisSupply, BigInteger issued, BigInteger redeemed,
                               long issues, long redemptions, long transfers, BigInteger transferVolume,
                               Long supply, BigInteger balancesSum, Long holders, Boolean conserved) {
    }

    /** One bank (a domain) over the range: what it proposed and signed, sent and received. */
    public record BankSummary(String id, long blocksProposed, long commitsSigned, long transfersOut,
                              long transfersIn, Map<String, BigInteger> volumeOut, Map<String, BigInteger> volumeIn,
                              long accountsCreated, Long accountsAtEnd, long frozenAtEnd) {
        public BankSummary {
            volumeOut = Map.copyOf(volumeOut);
            volumeIn = Map.copyOf(volumeIn);
        }
    }

    /** A committed membership change: {@code kind} is add_member, remove_member or set_power. */
    public record MembershipChange(long height, String kind, String memberId, long power) {
    }

    /** Evidence committed in block {@code height} against {@code validator} for its votes at {@code offenceHeight}. */
    public record EvidenceRecord(long height, String validator, long offenceHeight, int round, String voteType) {
    }

    /** A committed freeze or unfreeze. */
    public record FreezeRecord(long height, String account, boolean frozen) {
    }
}
