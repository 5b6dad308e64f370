#!/usr/bin/env python3
"""Computes Khata state roots from the documented rule, without any Khata code.

    state_root(h) = SHA-256(state_root(h-1) || SHA-256(sorted state changes of block h))
    state_root(0) = SHA-256(32 zero bytes || SHA-256(sorted genesis entries))

Run it with no arguments; it prints one line per known answer. See README.md beside it.
"""
import hashlib
import struct


def u8(value):
    return struct.pack(">B", value)


def i32(value):
    return struct.pack(">i", value)


def i64(value):
    return struct.pack(">q", value)


def text(value):
    data = value.encode("utf-8")
    return i32(len(data)) + data


def blob(data):
    return i32(len(data)) + data


def member_entry(member_id, validator_key_hex, power, p2p_address):
    key = b"v" + text(member_id)
    value = text(member_id) + blob(bytes.fromhex(validator_key_hex)) + i64(power) + text(p2p_address)
    return key, value


def account_entry(account_id, keys_hex, quorum, frozen, transfer_limits):
    key = b"a" + text(account_id)
    value = text(account_id) + i32(quorum) + u8(1 if frozen else 0) + i32(len(keys_hex))
    for key_hex in keys_hex:
        value += blob(bytes.fromhex(key_hex))
    value += i32(len(transfer_limits))
    for asset in sorted(transfer_limits, key=lambda name: name.encode("utf-8")):
        value += text(asset) + i64(transfer_limits[asset])
    return key, value


def asset_entry(asset_id, issuer, decimals, supply):
    return b"s" + text(asset_id), text(asset_id) + text(issuer) + i32(decimals) + i64(supply)


def balance_entry(account_id, asset_id, amount):
    return b"b" + text(account_id) + text(asset_id), i64(amount)


def digest(entries):
    # Bytes compare unsigned and lexicographically, a shorter prefix first: Python's bytes order.
    ordered = sorted(entries, key=lambda entry: entry[0])
    data = i32(len(ordered))
    for key, value in ordered:
        data += blob(key) + blob(value)
    return hashlib.sha256(data).digest()


def next_root(previous_root, entries):
    return hashlib.sha256(previous_root + digest(entries)).digest()


ZERO = bytes(32)

# 1. Every kind of entry, with a member whose power is 0 (removed), a frozen account with two
#    keys and two transfer limits, a non-ASCII account id, and a prefix key ("x" before "xy").
MIXED = [
    member_entry("bank1", "11" * 32, 0, ""),
    member_entry("bank0", "10" * 32, 25, "10.0.0.1:26650"),
    account_entry("zeta@bank0", ["aa" * 32, "bb" * 32], 2, True, {"PKR": 5_000, "BOND-2030": 7}),
    account_entry("\u00e9mile@bank1", ["cc" * 32], 1, False, {}),
    asset_entry("PKR", "issuer@authority", 2, 123_456_789),
    balance_entry("x", "PKR", 1),
    balance_entry("xy", "PKR", -2),
    balance_entry("x", "BOND-2030", 9_223_372_036_854_775_807),
]
PREVIOUS = hashlib.sha256(b"known answer: previous state root").digest()

# 2. The test genesis of two banks (TestGenesis.of(2)): public keys as its genesis file lists them.
AUTHORITY_KEY = "8f50aa0fe95b5a67b7bddd8f48bfb3298b0b329403e9b9acffc151b99c5f5ed7"
GENESIS = [
    member_entry("bank0", "ebba700a624109087b287403cfb9342ade36cb2587f75a7c6da1e0942982eddd", 10, "127.0.0.1:26650"),
    member_entry("bank1", "9790c58ed899b43abb114742fac1910b878699fba6a0e43205bd522daa7f779e", 10, "127.0.0.1:26651"),
    account_entry("issuer@authority", [AUTHORITY_KEY], 1, False, {}),
    account_entry("treasury@bank0", ["247b9263277738f3b4c002e034ff1755a53349568af3a505841bcca5ab4274f3"], 1, False, {}),
    account_entry("treasury@bank1", ["0161e2e2e90237fd164e3ca8d999ee6bae617e9d003c18bd9c52461860b7ec09"], 1, False, {}),
    asset_entry("PKR", "issuer@authority", 2, 2_000_000_000_000),
    asset_entry("BOND-2030", "issuer@authority", 0, 0),
    balance_entry("treasury@bank0", "PKR", 1_000_000_000_000),
    balance_entry("treasury@bank1", "PKR", 1_000_000_000_000),
]
# Block 1: one transfer of 250 PKR from treasury@bank0 to treasury@bank1 writes two balances.
BLOCK_1 = [
    balance_entry("treasury@bank1", "PKR", 1_000_000_000_250),
    balance_entry("treasury@bank0", "PKR", 999_999_999_750),
]

if __name__ == "__main__":
    print("mixed digest      ", digest(MIXED).hex())
    print("mixed root        ", next_root(PREVIOUS, MIXED).hex())
    genesis_root = next_root(ZERO, GENESIS)
    print("genesis root      ", genesis_root.hex())
    print("block 1 root      ", next_root(genesis_root, BLOCK_1).hex())
