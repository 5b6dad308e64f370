package io.khata.net.api;

import io.khata.core.block.Block;
import io.khata.core.block.BlockHeader;
import io.khata.core.block.Commit;
import io.khata.core.block.CommitSig;
import io.khata.core.block.Validator;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.PublicKey;
import io.khata.core.ledger.Ledger;
import io.khata.core.state.AccountState;
import io.khata.core.state.AssetState;
import io.khata.net.node.NodeApi;
import io.khata.proto.api.AccountResponse;
import io.khata.proto.api.AssetView;
import io.khata.proto.api.AssetsResponse;
import io.khata.proto.api.BlockResponse;
import io.khata.proto.api.StatusResponse;
import io.khata.proto.api.ValidatorInfo;
import java.util.List;
import java.util.Optional;

/** Maps ledger values to the API's response messages. */
final class ApiViews {
    private ApiViews() {
    }

    static StatusResponse status(NodeApi node) {
        Ledger ledger = node.ledger();
        long height = ledger.height();
        StatusResponse.Builder status = StatusResponse.newBuilder()
                .setChainId(ledger.chainId())
                .setNodeId(node.nodeId())
                .setRole(node.role())
                .setHeight(height)
                .setHeadHash(ledger.headHash().toHex())
                .addAllPeers(node.connectedPeers())
                .setMempoolSize(node.mempoolSize())
                .setStateRoot(ledger.stateRoot().toHex())
                .setHealthy(node.failure().isEmpty())
                .setFailure(node.failure())
                .setHeadTime(ledger.headTimeMillis())
                .setCommitLatencyMillisP50(node.commitLatencyMillis(50))
                .setCommitLatencyMillisP90(node.commitLatencyMillis(90))
                .setEd25519Verifier(io.khata.core.crypto.Ed25519.selection().name());
        java.util.Set<String> connected = new java.util.HashSet<>(node.connectedPeers());
        connected.add(node.nodeId());
        for (Validator validator : ledger.validatorsAt(height + 1).validators()) {
            status.addValidators(ValidatorInfo.newBuilder()
                    .setId(validator.id()).setKey(validator.key().toHex()).setPower(validator.power())
                    .setConnected(connected.contains(validator.id())));
        }
        return status.build();
    }

    static BlockResponse block(Block block, Optional<Commit> commit) {
        BlockHeader header = block.header();
        BlockResponse.Builder response = BlockResponse.newBuilder()
                .setHash(block.hash().toHex())
                .setHeight(header.height())
                .setChainId(header.chainId())
                .setPrevBlockHash(header.prevBlockHash().toHex())
                .setTime(header.timeMillis())
                .setProposer(header.proposer())
                .setTxRoot(header.txRoot().toHex())
                .setStateRoot(header.stateRoot().toHex())
                .setLastCommitHash(header.lastCommitHash().toHex())
                .setValidatorsHash(header.validatorsHash().toHex())
                .setEvidenceHash(header.evidenceHash().toHex())
                .setEvidenceCount(block.evidence().size());
        for (Hash hash : block.transactionHashes()) {
            response.addTxHashes(hash.toHex());
        }
        commit.ifPresent(c -> {
            for (CommitSig sig : c.signatures()) {
                response.addCommitSigners(sig.validator());
            }
        });
        return response.build();
    }

    /** Every asset in id order: its issuer, decimals and supply. */
    static AssetsResponse assets(List<AssetState> assets) {
        AssetsResponse.Builder response = AssetsResponse.newBuilder();
        assets.stream().sorted(java.util.Comparator.comparing(AssetState::id)).forEach(asset -> response.addAssets(
                AssetView.newBuilder().setId(asset.id()).setIssuer(asset.issuer()).setDecimals(asset.decimals())
                        .setSupply(asset.supply())));
        return response.build();
    }

    static AccountResponse account(AccountState account, List<AssetState> assets, Ledger ledger) {
        AccountResponse.Builder response = AccountResponse.newBuilder()
                .setId(account.id())
                .setFrozen(account.frozen())
                .setQuorum(account.quorum())
                .putAllTransferLimits(account.transferLimits());
        for (PublicKey key : account.keys()) {
            response.addKeys(key.toHex());
        }
        for (AssetState asset : assets) {
            long balance = ledger.balance(account.id(), asset.id());
            if (balance != 0) {
                response.putBalances(asset.id(), balance);
            }
        }
        return response.build();
    }
}
