"""Helpers generators share: encoding, check digits, hashing, reference data, parents and conditions."""
