package io.khata.core.audit;

import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.core.block.Validator;
import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.PublicKey;
import io.khata.proto.ValidatorEntry;
import io.khata.proto.audit.AuditValidatorSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Decodes a validator set record strictly: canonical form, 32-byte keys, positive powers, distinct ids. */
final class ValidatorSetRecord {
    private ValidatorSetRecord() {
    }

    /** A set in force from {@code effectiveHeight}, or why the record is not one. */
    record Decoded(long effectiveHeight, ValidatorSet set) {
    }

    static Checked<Decoded> decode(long height, byte[] payload) {
        try {
            return fromWire(height, AuditValidatorSet.parseFrom(payload), payload);
        } catch (InvalidProtocolBufferException e) {
            return Checked.failed(height, AuditCheck.BUNDLE_FORMAT, "a validator set record does not decode: " + e.getMessage());
        }
    }

    static Checked<Decoded> fromWire(long height, AuditValidatorSet wire, byte[] payload) {
        if (wire.getValidatorsCount() == 0) {
            return Checked.failed(height, AuditCheck.VALIDATOR_SET, "a validator set record lists no validator");
        }
        List<Validator> validators = new ArrayList<>();
        for (ValidatorEntry entry : wire.getValidatorsList()) {
            if (entry.getKey().size() != PublicKey.BYTES || entry.getPower() <= 0 || entry.getId().isEmpty()) {
                return Checked.failed(height, AuditCheck.VALIDATOR_SET, "validator '" + entry.getId()
                        + "' in a validator set record needs an id, a 32-byte key and a positive power");
            }
            validators.add(new Validator(entry.getId(), PublicKey.of(entry.getKey().toByteArray()), entry.getPower()));
        }
        ValidatorSet set;
        try {
            set = new ValidatorSet(validators);
        } catch (IllegalArgumentException e) {
            return Checked.failed(height, AuditCheck.VALIDATOR_SET, "a validator set record is not a set: " + e.getMessage());
        }
        if (payload != null && !Arrays.equals(BundleWriter.toWire(wire.getEffectiveHeight(), set).toByteArray(), payload)) {
            return Checked.failed(height, AuditCheck.BUNDLE_FORMAT, "a validator set record is not in canonical form");
        }
        return Checked.passed(new Decoded(wire.getEffectiveHeight(), set));
    }
}
