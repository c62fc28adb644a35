"""Derivation: the rule that turns a case's facts into verdicts, their reasons, their bookkeeping."""
