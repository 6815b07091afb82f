#!/usr/bin/env python3
"""Makes the JWE fixtures in this folder with other implementations than ChaosPixie's own, laid out as Pixie's query
broker lays an encrypted batch out with jwx (compact serialization, A256GCM, raw DEFLATE, protected header with alg,
enc and zip). The payload is a serialized RowBatchData (protobuf, written by hand below) of about 200,000 bytes,
from seeded values. Two fixtures, one per key algorithm ChaosPixie asks for:
  - RSA-OAEP-256, built step by step with Python's `cryptography` package and zlib (deflate level 1, as jwx);
  - ECDH-ES (P-256, direct key agreement), made whole by jwcrypto (Debian: python3-jwcrypto), whose Concat KDF is
    `cryptography`'s, with no apu or apv, as jwx sends it (jwcrypto deflates at zlib's default level).

Run once by hand (`/usr/bin/python3 make_fixture.py`); CI does not run it, as the packages may be missing there. It
writes (the keys are test keys that protect nothing, PKCS#8 PEM, unencrypted):
  test-key.pem           the RSA-4096 private key
  batch.jwe              the RSA-OAEP-256 JWE text
  test-ec-key.pem        the P-256 private key
  batch-ecdh-es.jwe      the ECDH-ES JWE text
  batch.expected.json    the rows, one list per row in column order, and the payload's length and SHA-256
"""
import base64
import hashlib
import json
import os
import random
import struct
import zlib

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from jwcrypto import jwe as jwcrypto_jwe
from jwcrypto import jwk

HERE = os.path.dirname(os.path.abspath(__file__))
ROWS = 2750
TABLE_ID = "9a1b6c0e-3f2d-4e5a-8b7c-1d2e3f4a5b6c"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def varint(value: int) -> bytes:
    value &= (1 << 64) - 1  # negative int64 values take ten bytes, as protobuf writes them
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field(number: int, wire_type: int, payload: bytes) -> bytes:
    key = varint((number << 3) | wire_type)
    if wire_type == 2:
        return key + varint(len(payload)) + payload
    return key + payload


def column(kind: int, values) -> bytes:
    # Column.col_data: 1 boolean, 2 int64, 4 time64ns, 5 float64, 6 string (bytes), each a message with field 1.
    if kind == 6:
        inner = b"".join(field(1, 2, v) for v in values)
    elif kind == 5:
        inner = field(1, 2, b"".join(struct.pack("<d", v) for v in values))
    else:
        inner = field(1, 2, b"".join(varint(int(v)) for v in values))
    return field(1, 2, field(kind, 2, inner))


def rows():
    rng = random.Random(20261130)
    services = ["px-sock-shop/front-end", "px-sock-shop/carts", "px-sock-shop/orders", "kube-system/coredns"]
    for i in range(ROWS):
        body = "" if i % 97 == 0 else f"GET /api/items/{rng.randrange(10**6)} héllo {rng.choice(services)}"
        yield [
            1690000000000000000 + i * 1_000_003,           # time_ (TIME64NS)
            rng.randrange(-5_000_000, 5_000_000_000),       # latency (INT64), some negative
            round(rng.uniform(-1.0, 1.0), 6),               # ratio (FLOAT64)
            i % 3 == 0,                                     # ok (BOOLEAN)
            body,                                           # body (STRING)
        ]


def main():
    table = list(rows())
    columns = list(zip(*table))
    payload = b"".join([
        column(4, columns[0]),
        column(2, columns[1]),
        column(5, columns[2]),
        column(1, [1 if v else 0 for v in columns[3]]),
        column(6, [v.encode("utf-8") for v in columns[4]]),
        field(2, 0, varint(len(table))),   # num_rows
        field(3, 0, varint(1)),            # eow
        field(4, 0, varint(1)),            # eos
        field(5, 2, TABLE_ID.encode("ascii")),
    ])

    key = rsa.generate_private_key(public_exponent=65537, key_size=4096)
    header = b64url(json.dumps({"alg": "RSA-OAEP-256", "enc": "A256GCM", "zip": "DEF"}, separators=(",", ":")).encode("ascii"))
    compressor = zlib.compressobj(level=1, wbits=-15)  # raw DEFLATE (RFC 1951), no zlib header
    deflated = compressor.compress(payload) + compressor.flush()
    cek = os.urandom(32)
    iv = os.urandom(12)
    sealed = AESGCM(cek).encrypt(iv, deflated, header.encode("ascii"))
    ciphertext, tag = sealed[:-16], sealed[-16:]
    wrapped = key.public_key().encrypt(cek, padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None))
    jwe = ".".join([header, b64url(wrapped), b64url(iv), b64url(ciphertext), b64url(tag)])

    with open(os.path.join(HERE, "test-key.pem"), "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    with open(os.path.join(HERE, "batch.jwe"), "w", encoding="ascii") as f:
        f.write(jwe)
    with open(os.path.join(HERE, "batch.expected.json"), "w", encoding="utf-8") as f:
        json.dump({
            "tableId": TABLE_ID,
            "columns": ["time_", "latency", "ratio", "ok", "body"],
            "payloadBytes": len(payload),
            "payloadSha256": hashlib.sha256(payload).hexdigest(),
            "rows": table,
        }, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"payload {len(payload)} bytes, deflated {len(deflated)} bytes, JWE {len(jwe)} characters")

    ec_key = jwk.JWK.generate(kty="EC", crv="P-256")
    token = jwcrypto_jwe.JWE(payload, protected=json.dumps({"alg": "ECDH-ES", "enc": "A256GCM", "zip": "DEF"}))
    token.add_recipient(jwk.JWK(**json.loads(ec_key.export_public())))
    ec_jwe = token.serialize(compact=True)
    with open(os.path.join(HERE, "test-ec-key.pem"), "wb") as f:
        f.write(ec_key.export_to_pem(private_key=True, password=None))
    with open(os.path.join(HERE, "batch-ecdh-es.jwe"), "w", encoding="ascii") as f:
        f.write(ec_jwe)
    print(f"ECDH-ES JWE {len(ec_jwe)} characters")


if __name__ == "__main__":
    main()
