"""SCRAM-SHA-256 as the Java client does it, checked on RFC 7677's example."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))

from taskbus.errors import AuthenticationError  # noqa: E402
from taskbus.scram import ScramClient, salted_password  # noqa: E402

NONCE = "rOprNGfwEbeRWgbNEkqO"
SERVER_FIRST = ("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
CLIENT_FINAL = ("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="


class ScramTest(unittest.TestCase):

    def test_rfc7677_vector(self):
        c = ScramClient("user", "pencil", NONCE)
        self.assertEqual(c.client_first(), "n,,n=user,r=" + NONCE)
        self.assertEqual(c.client_final(SERVER_FIRST), CLIENT_FINAL)
        c.verify_server_final(SERVER_FINAL)  # no exception: the server proved its keys

    def test_a_wrong_server_signature_is_refused(self):
        c = ScramClient("user", "pencil", NONCE)
        c.client_final(SERVER_FIRST)
        with self.assertRaisesRegex(AuthenticationError, "signature"):
            c.verify_server_final("v=" + "A" * 43 + "=")
        with self.assertRaisesRegex(AuthenticationError, "refused"):
            c.verify_server_final("e=invalid-proof")
        with self.assertRaises(AuthenticationError):
            c.verify_server_final("x")

    def test_the_server_nonce_must_extend_ours(self):
        for first in ("r=someoneelse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
                      f"r={NONCE},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"):  # no server part
            with self.subTest(first=first), self.assertRaisesRegex(AuthenticationError, "nonce"):
                ScramClient("user", "pencil", NONCE).client_final(first)

    def test_iterations_within_bounds(self):
        for i in ("4095", "1000001", "abc", "-4096", "٤٠٩٦", ""):
            first = f"r={NONCE}xyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i={i}"
            with self.subTest(i=i), self.assertRaises(AuthenticationError):
                ScramClient("user", "pencil", NONCE).client_final(first)

    def test_malformed_challenges(self):
        for first in ("", "garbage", f"r={NONCE}x,r={NONCE}y,s=AA==,i=4096",
                      f"r={NONCE}x,s=not*base64,i=4096", f"r={NONCE}x,i=4096"):
            with self.subTest(first=first), self.assertRaises(AuthenticationError):
                ScramClient("user", "pencil", NONCE).client_final(first)

    def test_verify_needs_client_final_first(self):
        with self.assertRaises(RuntimeError):
            ScramClient("user", "pencil", NONCE).verify_server_final(SERVER_FINAL)

    def test_user_names_are_escaped_and_nonces_fresh(self):
        self.assertEqual(ScramClient("a,b=c", "p", "n").client_first(), "n,,n=a=2Cb=3Dc,r=n")
        a, b = ScramClient("u", "p").client_first(), ScramClient("u", "p").client_first()
        self.assertNotEqual(a, b)
        self.assertEqual(len(a.split(",r=")[1]), 24)  # 18 random bytes, base64

    def test_password_is_nfkc_normalised(self):
        salt = b"0123456789abcdef"
        self.assertEqual(salted_password("\u2168", salt, 4096), salted_password("IX", salt, 4096))
        self.assertNotEqual(salted_password("IX", salt, 4096), salted_password("ix", salt, 4096))


if __name__ == "__main__":
    unittest.main()
