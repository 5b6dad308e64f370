package io.khata.core.tx;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.crypto.PublicKey;
import java.util.ArrayList;
import java.util.List;

/** Maps {@link Operation} to its protobuf form and back; only structure is checked here. */
final class OperationCodec {
    private OperationCodec() {
    }

    /**
     * Decodes operation {@code index} of a body. The field name for a rejection is built only
     * when there is one: this runs for every operation of every transaction of every block.
     */
    static Result<Operation> decode(io.khata.proto.Operation wire, int index) {
        if (!wire.getUnknownFields().asMap().isEmpty()) {
            return Result.err(new Rejection.Malformed(field(index), "unknown fields"));
        }
        if (wire.getKindCase() != io.khata.proto.Operation.KindCase.KIND_NOT_SET) {
            // The chosen kind's own message too: a field a newer client added must not be dropped silently.
            Descriptors.FieldDescriptor kind = wire.getDescriptorForType().findFieldByNumber(wire.getKindCase().getNumber());
            if (!((Message) wire.getField(kind)).getUnknownFields().asMap().isEmpty()) {
                return Result.err(new Rejection.Malformed(field(index) + "." + kind.getName(), "unknown fields"));
            }
        }
        switch (wire.getKindCase()) {
            case CREATE_ACCOUNT: {
                io.khata.proto.CreateAccount op = wire.getCreateAccount();
                List<PublicKey> keys = new ArrayList<>(op.getKeysCount());
                for (int i = 0; i < op.getKeysCount(); i++) {
                    ByteString key = op.getKeys(i);
                    if (key.size() != PublicKey.BYTES) {
                        return Result.err(TxCodec.lengthProblem(field(index) + ".create_account.keys[" + i + "]", key, PublicKey.BYTES));
                    }
                    keys.add(PublicKey.of(key.toByteArray()));
                }
                return Result.ok(new Operation.CreateAccount(op.getId(), keys, op.getQuorum()));
            }
            case CREATE_ASSET: {
                io.khata.proto.CreateAsset op = wire.getCreateAsset();
                return Result.ok(new Operation.CreateAsset(op.getId(), op.getIssuer(), op.getDecimals()));
            }
            case ISSUE: {
                io.khata.proto.Issue op = wire.getIssue();
                return Result.ok(new Operation.Issue(op.getAsset(), op.getTo(), op.getAmount()));
            }
            case REDEEM: {
                io.khata.proto.Redeem op = wire.getRedeem();
                return Result.ok(new Operation.Redeem(op.getAsset(), op.getAmount()));
            }
            case TRANSFER: {
                io.khata.proto.Transfer op = wire.getTransfer();
                return Result.ok(new Operation.Transfer(op.getAsset(), op.getFrom(), op.getTo(), op.getAmount()));
            }
            case SET_FROZEN: {
                io.khata.proto.SetFrozen op = wire.getSetFrozen();
                return Result.ok(new Operation.SetFrozen(op.getAccount(), op.getFrozen()));
            }
            case SET_TRANSFER_LIMIT: {
                io.khata.proto.SetTransferLimit op = wire.getSetTransferLimit();
                return Result.ok(new Operation.SetTransferLimit(op.getAccount(), op.getAsset(), op.getMax()));
            }
            case ADD_MEMBER: {
                io.khata.proto.AddMember op = wire.getAddMember();
                if (op.getValidatorKey().size() != PublicKey.BYTES) {
                    return Result.err(TxCodec.lengthProblem(field(index) + ".add_member.validator_key",
                            op.getValidatorKey(), PublicKey.BYTES));
                }
                return Result.ok(new Operation.AddMember(op.getMemberId(), PublicKey.of(op.getValidatorKey().toByteArray()),
                        op.getPower(), op.getP2PAddress()));
            }
            case REMOVE_MEMBER:
                return Result.ok(new Operation.RemoveMember(wire.getRemoveMember().getMemberId()));
            case SET_POWER:
                return Result.ok(new Operation.SetPower(wire.getSetPower().getMemberId(), wire.getSetPower().getPower()));
            case KIND_NOT_SET:
            default:
                return Result.err(new Rejection.Malformed(field(index), "no operation kind set"));
        }
    }

    private static String field(int index) {
        return "operations[" + index + "]";
    }

    static io.khata.proto.Operation encode(Operation operation) {
        io.khata.proto.Operation.Builder wire = io.khata.proto.Operation.newBuilder();
        if (operation instanceof Operation.CreateAccount op) {
            io.khata.proto.CreateAccount.Builder b = io.khata.proto.CreateAccount.newBuilder()
                    .setId(op.id()).setQuorum(op.quorum());
            for (PublicKey key : op.keys()) {
                b.addKeys(ByteString.copyFrom(key.toByteArray()));
            }
            wire.setCreateAccount(b);
        } else if (operation instanceof Operation.CreateAsset op) {
            wire.setCreateAsset(io.khata.proto.CreateAsset.newBuilder()
                    .setId(op.id()).setIssuer(op.issuer()).setDecimals(op.decimals()));
        } else if (operation instanceof Operation.Issue op) {
            wire.setIssue(io.khata.proto.Issue.newBuilder()
                    .setAsset(op.asset()).setTo(op.to()).setAmount(op.amount()));
        } else if (operation instanceof Operation.Redeem op) {
            wire.setRedeem(io.khata.proto.Redeem.newBuilder().setAsset(op.asset()).setAmount(op.amount()));
        } else if (operation instanceof Operation.Transfer op) {
            wire.setTransfer(io.khata.proto.Transfer.newBuilder()
                    .setAsset(op.asset()).setFrom(op.from()).setTo(op.to()).setAmount(op.amount()));
        } else if (operation instanceof Operation.SetFrozen op) {
            wire.setSetFrozen(io.khata.proto.SetFrozen.newBuilder().setAccount(op.account()).setFrozen(op.frozen()));
        } else if (operation instanceof Operation.SetTransferLimit op) {
            wire.setSetTransferLimit(io.khata.proto.SetTransferLimit.newBuilder()
                    .setAccount(op.account()).setAsset(op.asset()).setMax(op.max()));
        } else if (operation instanceof Operation.AddMember op) {
            wire.setAddMember(io.khata.proto.AddMember.newBuilder().setMemberId(op.memberId())
                    .setValidatorKey(ByteString.copyFrom(op.validatorKey().toByteArray()))
                    .setPower(op.power()).setP2PAddress(op.p2pAddress()));
        } else if (operation instanceof Operation.RemoveMember op) {
            wire.setRemoveMember(io.khata.proto.RemoveMember.newBuilder().setMemberId(op.memberId()));
        } else if (operation instanceof Operation.SetPower op) {
            wire.setSetPower(io.khata.proto.SetPower.newBuilder().setMemberId(op.memberId()).setPower(op.power()));
        } else {
            throw new IllegalStateException("unhandled operation " + operation);
        }
        return wire.build();
    }
}
