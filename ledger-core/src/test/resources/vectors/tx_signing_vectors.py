#!/usr/bin/env python3
"""Computes the body bytes, transaction hash and signed message of the signing vectors in
tx-signing.json from the recipe in docs/SIGNING.md alone, with nothing but Python's standard
library: protobuf's encoding written out by hand, SHA-256 from hashlib. Run it and compare its
output with the "body_hex", "tx_hash" and "signing_message_hex" of each vector:

    python3 tx_signing_vectors.py tx-signing.json

It exits 1 if any differs. (Ed25519 itself is RFC 8032; the vectors' signatures and public keys
are checked by the Java test with BouncyCastle, whose Ed25519 passes RFC 8032's own vectors.)

    python3 tx_signing_vectors.py --regenerate tx-signing.json

rewrites every computed field of the file from its "signer_seeds_hex" and "body" (after a change
to the recipe): the body, hash and message as above, then the public keys, signatures and whole
transaction with the Ed25519 of the "cryptography" package, the one thing this mode needs besides
the standard library. TxSigningVectorsTest then checks Khata's Java against what it wrote.
"""
import hashlib
import json
import sys


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def key(field, wire_type):
    return varint(field << 3 | wire_type)


def length_delimited(field, data):
    return key(field, 2) + varint(len(data)) + data


def string(field, text):
    return length_delimited(field, text.encode("utf-8")) if text else b""


def number(field, n):
    return key(field, 0) + varint(n) if n else b""


# Operation kinds: the field number of each in message Operation, and its own fields in order.
def operation(op):
    kind, fields = next(iter(op.items()))
    if kind == "transfer":
        inner = (string(1, fields["asset"]) + string(2, fields["from"]) + string(3, fields["to"])
                 + number(4, int(fields["amount"])))
        return length_delimited(5, inner)
    if kind == "issue":
        inner = string(1, fields["asset"]) + string(2, fields["to"]) + number(3, int(fields["amount"]))
        return length_delimited(3, inner)
    if kind == "create_account":
        inner = string(1, fields["id"])
        for k in fields["keys_hex"]:
            inner += length_delimited(2, bytes.fromhex(k))
        inner += number(3, int(fields["quorum"]))
        return length_delimited(1, inner)
    raise ValueError("no encoding written here for " + kind)


def body_bytes(body):
    # Field 3 (a height expiry) is retired: fields 1, 2, 4, 5, 6 in number order.
    encoded = string(1, body["chain_id"])
    for op in body["operations"]:
        encoded += length_delimited(2, operation(op))
    encoded += number(4, int(body["nonce"])) + string(5, body.get("memo", ""))
    encoded += number(6, int(body["valid_until_time"]))
    return encoded


def regenerate(path):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    document = json.load(open(path, encoding="utf-8"))
    for vector in document["vectors"]:
        body = body_bytes(vector["body"])
        tx_hash = hashlib.sha256(body).digest()
        message = b"\x01" + tx_hash
        public_keys, signatures, envelope = [], [], length_delimited(1, body)
        for seed in vector["signer_seeds_hex"]:
            private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seed))
            public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
            signature = private.sign(message)
            public_keys.append(public.hex())
            signatures.append(signature.hex())
            envelope += length_delimited(2, length_delimited(1, public) + length_delimited(2, signature))
        vector.update({"body_hex": body.hex(), "tx_hash": tx_hash.hex(), "signing_message_hex": message.hex(),
                       "public_keys_hex": public_keys, "signatures_hex": signatures,
                       "transaction_hex": envelope.hex()})
    with open(path, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=2, ensure_ascii=False)
        out.write("\n")
    return 0


def main(path):
    failures = 0
    for vector in json.load(open(path, encoding="utf-8"))["vectors"]:
        body = body_bytes(vector["body"])
        tx_hash = hashlib.sha256(body).digest()
        message = b"\x01" + tx_hash
        got = {"body_hex": body.hex(), "tx_hash": tx_hash.hex(), "signing_message_hex": message.hex()}
        for name, value in got.items():
            status = "ok" if vector[name] == value else "DIFFERS"
            failures += status != "ok"
            print(f"{vector['name']}: {name} {status} {value}")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--regenerate":
        sys.exit(regenerate(sys.argv[2] if len(sys.argv) > 2 else "tx-signing.json"))
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "tx-signing.json"))
